/// Which channels an image tensor carries: RGB (C = 3) or BT.601 luma Y (C = 1).
public enum ImageChannels: String, Sendable, CaseIterable {
    case rgb
    case luma

    public var count: Int { self == .rgb ? 3 : 1 }
}

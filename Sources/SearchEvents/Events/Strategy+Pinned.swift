extension Strategy {
    /// This strategy with the user's pins written over it.
    public func pinned(_ pins: [Int: LayerPin]) -> Strategy {
        var s = self
        for (l, pin) in pins {
            if let w = pin.weight { s.weight[l] = w }
            if let a = pin.activation { s.activation[l] = a }
        }
        return s
    }
}

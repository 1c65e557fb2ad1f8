import CNCurses
import Foundation

/// The thin ncurses backend: sets the terminal up, decodes keys, and sends
/// only the cells that changed since the last frame. Owned by one task.
final class CursesScreen {
    private let screen: OpaquePointer
    let depth: ColorDepth
    let theme: Theme
    private var previous: Canvas?
    private var pairs: [PairKey: Int32] = [:]
    private let maxPairs: Int
    private let terminalColors: Int
    private var closed = false

    private struct PairKey: Hashable {
        var foreground: TerminalColor
        var background: TerminalColor
    }

    init(options: TerminalOptions) throws {
        setlocale(LC_ALL, "")
        // Without a UTF-8 locale ncurses mangles braille and block glyphs.
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_ALL, "C.UTF-8") }
        let env = ProcessInfo.processInfo.environment
        // newterm, unlike initscr, returns nil instead of exiting on a bad TERM.
        guard let s = newterm(nil, dqss_stdout(), dqss_stdin()) else {
            throw TerminalUIError.cannotInitialize(terminal: env["TERM"] ?? "")
        }
        screen = s
        set_term(s)
        cbreak()
        noecho()
        nonl()
        keypad(dqss_stdscr(), true)
        wtimeout(dqss_stdscr(), 0)
        curs_set(0)
        set_escdelay(25)
        dqss_enable_mouse()
        var colors = 0
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(dqss_colors())
        }
        terminalColors = colors
        maxPairs = max(0, min(Int(dqss_color_pairs()) - 1, 4096))
        depth = ColorDepth.resolve(options.colorMode, terminalColors: colors,
                                   noColor: options.honorNoColor && env["NO_COLOR"] != nil)
        theme = Theme(depth: depth)
    }

    var width: Int { Int(dqss_cols()) }
    var height: Int { Int(dqss_lines()) }

    /// Drains pending input without blocking (`timeout(0)`).
    func readInput() -> (keys: [Key], resized: Bool) {
        var keys: [Key] = []
        var resized = false
        while true {
            let c = wgetch(dqss_stdscr())
            if c == dqss_err() { break }
            switch c {
            case dqss_key_resize(): resized = true
            case dqss_key_mouse():
                var x: Int32 = 0, y: Int32 = 0
                if dqss_mouse_click(&x, &y) == 1 { keys.append(.click(x: Int(x), y: Int(y))) }
            case dqss_key_up(): keys.append(.up)
            case dqss_key_down(): keys.append(.down)
            case dqss_key_left(): keys.append(.left)
            case dqss_key_right(): keys.append(.right)
            case dqss_key_ppage(): keys.append(.pageUp)
            case dqss_key_npage(): keys.append(.pageDown)
            case dqss_key_home(): keys.append(.home)
            case dqss_key_end(): keys.append(.end)
            case dqss_key_enter(), 10, 13: keys.append(.enter)
            case 27: keys.append(.escape)
            case 32...126: keys.append(.character(Character(Unicode.Scalar(UInt8(c)))))
            default: break
            }
        }
        if resized {
            previous = nil
            clearok(dqss_stdscr(), true)
        }
        return (keys, resized)
    }

    /// Draws the cells that changed since the last frame and refreshes.
    func present(_ canvas: Canvas) {
        if previous == nil || previous!.width != canvas.width || previous!.height != canvas.height {
            werase(dqss_stdscr())
        }
        for change in canvas.changes(since: previous) where !change.cell.isContinuation {
            var chars: [wchar_t] = change.cell.character.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) }
            chars.append(0)
            _ = dqss_put_cell(Int32(change.y), Int32(change.x), chars, attributes(change.cell.style), pair(change.cell.style))
        }
        wnoutrefresh(dqss_stdscr())
        doupdate()
        previous = canvas
    }

    private func attributes(_ s: CellStyle) -> attr_t {
        var a = dqss_a_normal()
        if s.bold { a |= dqss_a_bold() }
        if s.reverse { a |= dqss_a_reverse() }
        if s.dim { a |= dqss_a_dim() }
        if s.underline { a |= dqss_a_underline() }
        return a
    }

    /// Colour pairs are allocated on first use; past the limit, the default pair.
    private func pair(_ s: CellStyle) -> Int32 {
        guard depth != .monochrome else { return 0 }
        let key = PairKey(foreground: s.foreground, background: s.background)
        if key.foreground == .default && key.background == .default { return 0 }
        if let p = pairs[key] { return p }
        guard pairs.count < maxPairs else { return 0 }
        let p = Int32(pairs.count + 1)
        init_extended_pair(p, colorNumber(key.foreground), colorNumber(key.background))
        pairs[key] = p
        return p
    }

    private func colorNumber(_ c: TerminalColor) -> Int32 {
        switch c {
        case .default: return -1
        case .indexed(let n): return Int(n) < terminalColors ? Int32(n) : -1
        }
    }

    /// Restores the terminal. Safe to call more than once.
    func close() {
        guard !closed else { return }
        closed = true
        endwin()
        delscreen(screen)
    }

    deinit { close() }
}

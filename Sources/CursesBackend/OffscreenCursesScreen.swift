import CNcursesw
import ExplorerUI
import Glibc

/// A curses screen that writes to /dev/null: frames go through the same painter, curses'
/// own diffing and its escape-sequence output as on a terminal, with no terminal attached.
/// For benchmarks (`semblance bench explore`) that time painting without a person watching.
public final class OffscreenCursesScreen {
    private let output: UnsafeMutablePointer<FILE>
    private let input: UnsafeMutablePointer<FILE>
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let painter: CursesPainter
    private var closed = false

    /// The terminal type whose capabilities curses writes for.
    public let term: String

    public init(size: GridSize, term: String = "xterm-256color") throws(CursesBackendError) {
        setlocale(LC_ALL, "")
        guard let output = fopen("/dev/null", "w") else { throw .systemCall(name: "fopen(/dev/null)", errno: errno) }
        guard let input = fopen("/dev/null", "r") else {
            fclose(output)
            throw .systemCall(name: "fopen(/dev/null)", errno: errno)
        }
        guard let screen = newterm(term, output, input) else {
            fclose(output)
            fclose(input)
            throw .cannotStartCurses(term: term)
        }
        set_term(screen)
        guard let window = semblance_stdscr() else {
            endwin()
            delscreen(screen)
            fclose(output)
            fclose(input)
            throw .cannotStartCurses(term: term)
        }
        self.output = output
        self.input = input
        self.screen = screen
        self.window = window
        self.term = term
        if has_colors() {
            start_color()
            use_default_colors()
        }
        resizeterm(Int32(size.rows), Int32(size.columns))
        painter = CursesPainter(window: window)
    }

    /// Colours the terminal type offers.
    public var colourCount: Int { has_colors() ? Int(semblance_colors()) : 0 }

    /// Paints a frame: only the cells that changed since the last one, as on a terminal.
    public func paint(_ frame: RenderedFrame, palette: ThemePalette) {
        painter.paint(frame, palette: palette)
    }

    /// What curses' window holds, one line per row with trailing spaces removed (as
    /// `ScreenGrid.text`): read back cell by cell, so tests see what the painter really wrote.
    public func windowText() -> String {
        let rows = Int(getmaxy(window)), columns = Int(getmaxx(window))
        var lines: [String] = []
        for row in 0..<max(rows, 0) {
            var line = ""
            var column = 0
            while column < columns {
                let scalars = characters(row: row, column: column)
                line += scalars.isEmpty ? " " : String(String.UnicodeScalarView(scalars))
                // ncurses keeps a wide character in both of its cells: read its left one only.
                let width = scalars.first.map { DisplayWidth.of(Character($0)) } ?? 1
                column += width == 2 ? 2 : 1
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The base character and marks of one cell of the window (none when unreadable).
    private func characters(row: Int, column: Int) -> [Unicode.Scalar] {
        var cell = cchar_t()
        guard mvwin_wch(window, Int32(row), Int32(column), &cell) == OK else { return [] }
        var characters = [wchar_t](repeating: 0, count: Int(semblance_ccharw_max()) + 1)
        var attributes: attr_t = 0
        var pair: Int16 = 0
        guard getcchar(&cell, &characters, &attributes, &pair, nil) == OK else { return [] }
        return characters.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }
    }

    public func close() {
        guard !closed else { return }
        closed = true
        endwin()
        delscreen(screen)
        fclose(output)
        fclose(input)
    }

    deinit { close() }
}

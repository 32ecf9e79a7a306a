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

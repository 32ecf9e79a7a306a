import CNcursesw
import CTerminalSignals
import ExplorerUI
import Glibc

/// Owns the curses session on the controlling terminal: starts it in raw mode with mouse
/// reports and bracketed paste, and always puts the terminal back (`restore()` is idempotent
/// and also runs on deinit).
final class CursesTerminal {
    // Mouse clicks and wheel (1000) in SGR encoding (1006); bracketed paste (2004).
    private static let enableModes = "\u{1B}[?1000h\u{1B}[?1006h\u{1B}[?2004h"
    private static let disableModes = "\u{1B}[?2004l\u{1B}[?1006l\u{1B}[?1000l"

    private let screen: OpaquePointer
    private var restored = false
    let window: UnsafeMutablePointer<WINDOW>

    init() throws(CursesBackendError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        setlocale(LC_ALL, "")
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        guard !term.isEmpty, let screen = newterm(term, semblance_stdout(), semblance_stdin()) else {
            throw .cannotStartCurses(term: term)
        }
        self.screen = screen
        set_term(screen)
        guard let window = semblance_stdscr() else {
            endwin()
            delscreen(screen)
            throw .cannotStartCurses(term: term)
        }
        self.window = window
        raw()
        noecho()
        nonl()
        keypad(window, false)
        if has_colors() {
            start_color()
            use_default_colors()
        }
        curs_set(0)
        refresh()  // before the first write, as curses wants
        emit(Self.enableModes)
    }

    /// Colours the terminal reports (0 without colour support).
    var colourCount: Int { has_colors() ? Int(semblance_colors()) : 0 }

    /// The current size, asked of the kernel.
    var size: GridSize {
        var rows: Int32 = 0, columns: Int32 = 0
        if terminal_signals_window_size(STDOUT_FILENO, &rows, &columns) == 0, rows > 0, columns > 0 {
            return GridSize(columns: Int(columns), rows: Int(rows))
        }
        return GridSize(columns: Int(semblance_cols()), rows: Int(semblance_lines()))
    }

    /// Tells curses about a new size (after SIGWINCH); returns it.
    func adoptNewSize() -> GridSize {
        let size = self.size
        resizeterm(Int32(size.rows), Int32(size.columns))
        return size
    }

    /// Gives the terminal back to the shell before the process stops (Ctrl-Z): modes off,
    /// the shell's screen and termios back. `resume()` undoes it.
    func suspend() {
        guard !restored else { return }
        emit(Self.disableModes)
        curs_set(1)
        endwin()
    }

    /// Takes the terminal again after a suspend (or after being stopped and continued behind
    /// our back): curses' modes and screen, our mouse and paste modes. The caller repaints.
    func resume() {
        guard !restored else { return }
        reset_prog_mode()
        refresh()
        emit(Self.enableModes)
    }

    /// Leaves curses and undoes every mode this terminal turned on.
    func restore() {
        guard !restored else { return }
        restored = true
        emit(Self.disableModes)
        curs_set(1)
        endwin()
        delscreen(screen)
    }

    deinit { restore() }

    /// Writes an escape sequence straight to the terminal, after curses' own output.
    private func emit(_ sequence: String) {
        let output = semblance_stdout()
        fflush(output)
        fputs(sequence, output)
        fflush(output)
    }
}

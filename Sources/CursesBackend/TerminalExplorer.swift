import CNcursesw
import ExplorerUI
import Glibc

/// Why the explorer stopped.
public enum ExplorerExit: Hashable, Sendable {
    /// The user quit (q, Esc).
    case quit
    /// A termination signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) arrived, or Ctrl-C (as SIGINT).
    case signal(Int32)
    /// The terminal went away.
    case terminalClosed

    /// The conventional process exit status: 0, or 128 + the signal number.
    public var status: Int32 {
        switch self {
        case .quit: 0
        case .signal(let number): 128 + number
        case .terminalClosed: 1
        }
    }
}

/// Runs an explorer session on the terminal with curses until the user quits or a signal
/// arrives. The terminal is restored on every way out: quit, signals, thrown errors, and
/// (best effort, from the C handler) crashes.
public enum TerminalExplorer {
    /// How long a lone Esc waits for the rest of an escape sequence.
    static let escapeDelayMilliseconds: Int32 = 25

    public static func run<Engine: ExplorerEngine>(
        engine: Engine, configuration: ExplorerConfiguration, environment: [String: String]
    ) throws(CursesBackendError) -> ExplorerExit {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        let signals = try SignalPipe(terminalDescriptor: STDOUT_FILENO)
        defer { signals.remove() }
        let terminal = try CursesTerminal()
        defer { terminal.restore() }

        let depth = ColourDepth.detect(colours: terminal.colourCount, noColor: environment["NO_COLOR"])
        var configuration = configuration
        configuration.noColourReason = ColourDepth.noColourReason(
            colours: terminal.colourCount, noColor: environment["NO_COLOR"], term: environment["TERM"])
        let session = ExplorerSession(engine: engine, configuration: configuration, size: terminal.size,
                                      wake: signals.waker)
        let painter = CursesPainter(window: terminal.window)
        let poller = InputPoller(inputDescriptor: STDIN_FILENO, pipeDescriptor: signals.readDescriptor)
        session.start()

        var lastPainted: ExplorerState? = nil
        /// After the terminal was given away (suspend) or changed size: repaint everything.
        func redrawAll() {
            painter.invalidate()
            lastPainted = nil
            session.resize(terminal.adoptNewSize())
        }
        func suspend() throws(CursesBackendError) {
            terminal.suspend()
            defer {
                terminal.resume()
                redrawAll()
                session.send(.resumed)
            }
            try signals.suspendProcess()
        }
        while !session.isFinished {
            session.collectResults()
            if session.state.isSuspendRequested {
                try suspend()
                continue
            }
            if session.state != lastPainted {
                painter.paint(session.render(), palette: session.palette(depth: depth))
                lastPainted = session.state
            }
            let ready = try poller.wait(milliseconds: session.hasPendingInput ? escapeDelayMilliseconds : -1)
            if ready.pipe {
                for signal in signals.drain() {
                    switch signal {
                    case SIGWINCH:
                        redrawAll()
                    case SIGTSTP:
                        try suspend()
                    case SIGCONT:
                        // Stopped and continued behind our back (SIGSTOP): take the terminal again.
                        terminal.resume()
                        redrawAll()
                    default:
                        session.send(.terminated)  // keeps the draft in the saved history
                        return .signal(signal)
                    }
                }
            }
            if ready.input {
                guard let bytes = poller.read() else {
                    session.send(.terminated)
                    return .terminalClosed
                }
                session.receive(bytes: bytes)
            } else if !ready.pipe, session.hasPendingInput {
                session.flushInput()
            }
        }
        return session.state.isInterrupted ? .signal(SIGINT) : .quit
    }
}

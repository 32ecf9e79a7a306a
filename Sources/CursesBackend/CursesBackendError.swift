/// Everything that can go wrong in the curses backend, each naming the call or the terminal.
public enum CursesBackendError: Error, Hashable, Sendable, CustomStringConvertible {
    /// stdin or stdout is not a terminal.
    case notATerminal
    /// curses could not start on this terminal type.
    case cannotStartCurses(term: String)
    /// A system call failed.
    case systemCall(name: String, errno: Int32)

    public var description: String {
        switch self {
        case .notATerminal:
            "the explorer needs a terminal on stdin and stdout (try `semblance search` in scripts)"
        case .cannotStartCurses(let term):
            "curses cannot start on terminal type `\(term)` (check $TERM)"
        case let .systemCall(name, errno):
            "\(name) failed with errno \(errno)"
        }
    }
}

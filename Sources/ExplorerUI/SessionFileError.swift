/// Why the explorer's saved session could not be used or written; each names the file.
public enum SessionFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file exists but does not hold a session we wrote.
    case damagedSession(path: String, reason: String)
    /// A system call on the file or its directory failed.
    case fileSystem(path: String, operation: String, reason: String)
    /// Written by a newer semblance (format `version`; this one reads up to `supported`).
    case newerSession(path: String, version: Int, supported: Int)
    /// Neither XDG_STATE_HOME nor HOME says where to keep it.
    case noStateDirectory

    public var description: String {
        switch self {
        case let .damagedSession(path, reason): "\(path): damaged session file: \(reason)"
        case let .fileSystem(path, operation, reason): "\(path): cannot \(operation): \(reason)"
        case let .newerSession(path, version, supported):
            "\(path): written by a newer semblance (session format \(version); this one reads up to \(supported)): update semblance to open it"
        case .noStateDirectory: "no place to save the session: set XDG_STATE_HOME or HOME"
        }
    }
}

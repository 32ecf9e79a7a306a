/// Everything that can go wrong in ExplorerUI, each naming the file / line / field.
public enum ExplorerUIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A theme file line that does not parse.
    case themeLine(file: String, line: Int, reason: String)
    /// A theme file that leaves required slots unset.
    case themeMissingSlots(file: String, slots: [String])
    /// A theme file that cannot be read.
    case themeUnreadable(file: String, reason: String)
    /// `--theme NAME` names no known theme.
    case unknownTheme(name: String, known: [String])

    public var description: String {
        switch self {
        case let .themeLine(file, line, reason):
            "\(file):\(line): \(reason)"
        case let .themeMissingSlots(file, slots):
            "\(file): missing slot\(slots.count == 1 ? "" : "s") \(slots.joined(separator: ", "))"
        case let .themeUnreadable(file, reason):
            "\(file): cannot read theme: \(reason)"
        case let .unknownTheme(name, known):
            "no theme named `\(name)` (known: \(known.joined(separator: ", ")))"
        }
    }
}

/// Everything that can go wrong in ExplorerUI, each naming the file / line / field.
public enum ExplorerUIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A theme file line that does not parse.
    case themeLine(file: String, line: Int, reason: String)
    /// A theme file that leaves required slots unset.
    case themeMissingSlots(file: String, slots: [String])
    /// A theme file that cannot be read.
    case themeUnreadable(file: String, reason: String)
    /// Every problem of one theme file, in line order (each a `themeLine`, `themeMissingSlots`
    /// or `themeUnreadable`).
    case themeErrors([ExplorerUIError])
    /// `--theme NAME` names no known theme.
    case unknownTheme(name: String, known: [String])
    /// Centring needs the corpus mean, which this engine or corpus does not have.
    case noCorpusStatistics
    /// The engine cannot do what a view asked (a test fake without a model).
    case notSupported(String)

    public var description: String {
        lines.joined(separator: "\n")
    }

    /// One line per problem, control characters shown visibly (they come from files).
    public var lines: [String] {
        switch self {
        case let .themeLine(file, line, reason):
            [ThemeText.visible("\(file):\(line): \(reason)")]
        case let .themeMissingSlots(file, slots):
            [ThemeText.visible("\(file): missing slot\(slots.count == 1 ? "" : "s") \(slots.joined(separator: ", "))")]
        case let .themeUnreadable(file, reason):
            [ThemeText.visible("\(file): cannot read theme: \(reason)")]
        case let .themeErrors(errors):
            errors.flatMap(\.lines)
        case let .notSupported(what):
            [what]
        case let .unknownTheme(name, known):
            [ThemeText.visible("no theme named `\(name)` (known: \(known.joined(separator: ", ")))")]
        case .noCorpusStatistics:
            ["no corpus statistics (mean) to centre with"]
        }
    }

    /// The first line, and how many more there are (the status line has room for one).
    public var summary: String {
        let all = lines
        guard let first = all.first else { return "" }
        return all.count == 1 ? first : "\(first) (+\(all.count - 1) more: semblance themes check)"
    }
}

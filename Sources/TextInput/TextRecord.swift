/// One text read from an input, with where it came from.
public struct TextRecord: Sendable, Equatable {
    /// 1-based line number in the source.
    public let line: Int
    public let text: String
    /// An external id (`--id-field` / `--id-column`), when the input has one.
    public let id: String?

    public init(line: Int, text: String, id: String? = nil) {
        self.line = line
        self.text = text
        self.id = id
    }
}

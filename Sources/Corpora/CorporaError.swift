/// What the explorer's engine cannot answer (reading and cache problems keep the errors of
/// TextInput and VectorCache, which name the file and line).
public enum CorporaError: Error, CustomStringConvertible, Equatable {
    /// A search asked of the engine before any corpus was opened.
    case noCorpusOpen
    /// The model gave no vector for a text.
    case noVector
    /// A corpus with no map (`semblance map`): too few items, or no variance to project.
    case noMap(corpus: String, reason: String)

    public var description: String {
        switch self {
        case .noCorpusOpen: "explore: no corpus is open"
        case .noVector: "explore: the model returned no vector"
        case let .noMap(corpus, reason): "corpus \(corpus) has no map: \(reason)"
        }
    }
}

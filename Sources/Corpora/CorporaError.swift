/// What the explorer's engine cannot answer (reading and cache problems keep the errors of
/// TextInput and VectorCache, which name the file and line).
public enum CorporaError: Error, CustomStringConvertible, Equatable {
    /// A search asked of the engine before any corpus was opened.
    case noCorpusOpen
    /// The model gave no vector for a text.
    case noVector
    /// `inspect -k` asks for more neighbours than the corpus's other items.
    case tooManyNeighbours(k: Int, corpus: String, items: Int)
    /// A corpus with no map (`semblance map`): too few items, or no variance to project.
    case noMap(corpus: String, reason: String)

    public var description: String {
        switch self {
        case .noCorpusOpen: "explore: no corpus is open"
        case .noVector: "explore: the model returned no vector"
        case let .tooManyNeighbours(k, corpus, items):
            "-k \(k) is too large for corpus \"\(corpus)\": it has \(items) items, so each has \(max(0, items - 1)) others; give -k \(max(1, items - 1)) or less"
        case let .noMap(corpus, reason): "corpus \(corpus) has no map: \(reason)"
        }
    }
}

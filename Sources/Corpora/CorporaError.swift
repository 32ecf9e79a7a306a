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
    /// An import whose vectors file and texts (or ids) file hold different counts.
    case importCountMismatch(vectors: String, rows: Int, texts: String, count: Int, what: String)
    /// An import whose sampled item the model does not reproduce: the vectors are another
    /// model's, or of other texts (or in another order).
    case vectorsDoNotMatch(vectors: String, position: Int, text: String, cosine: Double, otherPosition: Int?, otherText: String?)

    public var description: String {
        switch self {
        case .noCorpusOpen: "explore: no corpus is open"
        case .noVector: "explore: the model returned no vector"
        case let .tooManyNeighbours(k, corpus, items):
            "-k \(k) is too large for corpus \"\(corpus)\": it has \(items) items, so each has \(max(0, items - 1)) others; give -k \(max(1, items - 1)) or less"
        case let .noMap(corpus, reason): "corpus \(corpus) has no map: \(reason)"
        case let .importCountMismatch(vectors, rows, texts, count, what):
            "\(texts) holds \(count) \(what) but \(vectors) holds \(rows) vectors: give one per vector, in the same order (nothing was written)"
        case let .vectorsDoNotMatch(vectors, position, text, cosine, otherPosition, otherText):
            "\(vectors): these vectors were not made by this model, or not from these texts: item \(position) \(text) has cosine \(String(format: "%.4f", cosine)) with the model's vector"
                + (otherPosition.map { " (its row matches item \($0) \(otherText ?? ""): the files are in different orders)" } ?? "")
                + " (nothing was written; --no-verify imports it unchecked)"
        }
    }
}

import Foundation

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
    /// `compare`: model B has no corpus of these items; says the command line that makes one.
    case notIndexedForModel(corpus: String, model: String, suggestedCorpus: String, modelArgument: String, sources: [String])
    /// `compare`: the two corpora do not hold the same items.
    case differentCorpora(a: String, itemsA: Int, sourcesA: [String], b: String, itemsB: Int, sourcesB: [String])
    /// The explorer's open corpus was re-indexed, imported again or removed by another run
    /// since it was opened: its texts no longer match the open vectors.
    case corpusChangedSinceOpened(corpus: String)
    /// `T` in the explorer: the run was cancelled (the copy is discarded).
    case trainingCancelled
    /// `W` before anything was trained.
    case noTrainedCopy
    case trainedCopyTargetExists(path: String)
    case trainedCopyNotSaved(path: String, reason: String)

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
        case let .notIndexedForModel(corpus, model, suggested, modelArgument, sources):
            sources.isEmpty
                ? "corpus \"\(corpus)\" is not indexed for model \(model), and it records no source files to index again; "
                    + "index its texts with: semblance index --corpus \(Self.shellQuoted(suggested)) --model \(Self.shellQuoted(modelArgument)) FILE…"
                : "corpus \"\(corpus)\" is not indexed for model \(model); index it with: semblance index --corpus "
                    + "\(Self.shellQuoted(suggested)) --model \(Self.shellQuoted(modelArgument)) "
                    + sources.map(Self.shellQuoted).joined(separator: " ") + " (or name another corpus with --against-corpus)"
        case let .corpusChangedSinceOpened(corpus):
            "corpus \"\(corpus)\" changed in the cache since it was opened (another run re-indexed or removed it): open it again"
        case .trainingCancelled: "training cancelled"
        case .noTrainedCopy: "nothing trained yet"
        case let .trainedCopyTargetExists(path): "\(path) already exists: the trained copy is written only to a new directory"
        case let .trainedCopyNotSaved(path, reason): "could not write the trained copy to \(path): \(reason)"
        case let .differentCorpora(a, itemsA, sourcesA, b, itemsB, sourcesB):
            "corpora \"\(a)\" (\(itemsA) items from \(sourcesA.joined(separator: ", "))) and \"\(b)\" (\(itemsB) items from "
                + "\(sourcesB.joined(separator: ", "))) do not hold the same items: index model B's corpus from the same files"
        }
    }

    /// A word the shell reads back unchanged: bare when it is plain, else in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "-_./,:=@+".unicodeScalars.contains($0)
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

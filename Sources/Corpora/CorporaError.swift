import Foundation

/// What the explorer's engine cannot answer (reading and cache problems keep the errors of
/// TextInput and VectorCache, which name the file and line).
public enum CorporaError: Error, CustomStringConvertible, Equatable {
    /// A search asked of the engine before any corpus was opened.
    case noCorpusOpen
    /// The model gave no vector for a text.
    case noVector
    /// `compare`: model B has no corpus of these items; says the command line that makes one.
    case notIndexedForModel(corpus: String, model: String, suggestedCorpus: String, modelArgument: String, sources: [String])
    /// `compare`: the two corpora do not hold the same items.
    case differentCorpora(a: String, itemsA: Int, sourcesA: [String], b: String, itemsB: Int, sourcesB: [String])

    public var description: String {
        switch self {
        case .noCorpusOpen: "explore: no corpus is open"
        case .noVector: "explore: the model returned no vector"
        case let .notIndexedForModel(corpus, model, suggested, modelArgument, sources):
            sources.isEmpty
                ? "corpus \"\(corpus)\" is not indexed for model \(model), and it records no source files to index again; "
                    + "index its texts with: semblance index --corpus \(Self.shellQuoted(suggested)) --model \(Self.shellQuoted(modelArgument)) FILE…"
                : "corpus \"\(corpus)\" is not indexed for model \(model); index it with: semblance index --corpus "
                    + "\(Self.shellQuoted(suggested)) --model \(Self.shellQuoted(modelArgument)) "
                    + sources.map(Self.shellQuoted).joined(separator: " ") + " (or name another corpus with --against-corpus)"
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

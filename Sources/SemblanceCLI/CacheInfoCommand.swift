import ArgumentParser
import TextOutput
import Foundation
import VectorCache

struct CacheInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Show a corpus: sources, model, fingerprint, counts and sizes.")

    @Argument(help: "The corpus name.")
    var name: String

    @OptionGroup var cacheOptions: CacheOptions

    func run() throws {
        let store = try cacheOptions.open(writable: false)
        _ = try store.requireCorpus(named: name)
        guard let summary = try store.summaries().first(where: { $0.corpus.name == name }) else {
            throw VectorCacheError.unknownCorpus(name: name, known: try store.corpora().map(\.name))
        }
        let corpus = summary.corpus
        // Every name here is user input or read from the cache file: shown, never obeyed.
        func visible(_ text: String) -> String { TerminalText.visible(text) }
        print("corpus:      \(visible(corpus.name))\(corpus.isComplete ? "" : " (incomplete: an indexing run did not finish)")")
        print("items:       \(summary.storedItems)")
        print("precision:   \(corpus.precision)")
        print("model:       \(visible(corpus.model.name)), \(corpus.model.dimension) dimensions")
        print("fingerprint: \(visible(corpus.model.fingerprint))")
        print("vectors:     \(ByteCount.text(summary.vectorBytes))")
        print("texts:       \(ByteCount.text(summary.textBytes))")
        print("created:     \(corpus.created)")
        print("updated:     \(corpus.updated)")
        print("sources:     \(corpus.sources.map { visible($0) }.joined(separator: "\n             "))")
        // One line per component (file hashes included), so they can be read and compared.
        if let details = try? JSONSerialization.jsonObject(with: Data(corpus.model.details.utf8)) as? [String: Any] {
            print("model details:")
            for key in details.keys.sorted() { print("  \(visible(key)): \(visible(details[key].map { "\($0)" } ?? ""))") }
        } else {
            print("model details: \(visible(corpus.model.details))")
        }
    }
}

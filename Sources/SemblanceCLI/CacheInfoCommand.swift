import ArgumentParser
import Foundation
import StrictJSON
import TextOutput
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
        switch corpus.origin {
        case .encoded: print("vectors of:  encoded here")
        case .imported: print("vectors of:  imported, a sample re-encoded and matched")
        case .importedUnverified: print("vectors of:  imported, unverified (--no-verify: nothing checked they are this model's)")
        }
        print("model:       \(visible(corpus.model.name)), \(corpus.model.dimension) dimensions")
        print("fingerprint: \(visible(corpus.model.fingerprint))")
        print("vectors:     \(ByteCount.text(summary.vectorBytes))")
        print("texts:       \(ByteCount.text(summary.textBytes))")
        print("created:     \(corpus.created)")
        print("updated:     \(corpus.updated)")
        print("sources:     \(corpus.sources.map { visible($0) }.joined(separator: "\n             "))")
        // One line per component (file hashes included), so they can be read and compared.
        // The cache's copy may have been edited by hand: anything but an object of strings is
        // printed as it is.
        if case let .object(members)? = try? JSONParser.parse(Array(corpus.model.details.utf8)),
           members.allSatisfy({ $0.value.stringValue != nil }) {
            print("model details:")
            for member in members.sorted(by: { $0.key < $1.key }) {
                print("  \(visible(member.key)): \(visible(member.value.stringValue ?? ""))")
            }
        } else {
            print("model details: \(visible(corpus.model.details))")
        }
    }
}

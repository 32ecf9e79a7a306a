import ArgumentParser
import ExplorerUI
import VectorCache

struct CacheListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the cached corpora with their item counts, model and size.")

    @OptionGroup var cacheOptions: CacheOptions

    func run() throws {
        let store: VectorStore
        do {
            store = try cacheOptions.open(writable: false)
        } catch VectorCacheError.missing {
            print("no corpora (no cache at \(cacheOptions.path) yet)")
            return
        }
        let summaries = try store.summaries()
        guard !summaries.isEmpty else {
            print("no corpora in \(cacheOptions.path)")
            return
        }
        // Terminal columns, not Characters: emoji and CJK take two, combining accents none.
        let nameWidth = max(6, summaries.map { DisplayWidth.of($0.corpus.name) }.max() ?? 0)
        print(DisplayWidth.padded("corpus", toWidth: nameWidth) + "     items  precision  vectors     texts       model")
        for summary in summaries {
            let corpus = summary.corpus
            let state = corpus.isComplete ? "" : "  (incomplete)"
            print(DisplayWidth.padded(corpus.name, toWidth: nameWidth)
                + pad(String(summary.storedItems), 10) + pad(corpus.precision.rawValue, 11)
                + pad(ByteCount.text(summary.vectorBytes), 10) + pad(ByteCount.text(summary.textBytes), 10)
                + "  \(corpus.model.name)\(state)")
        }
        print("cache \(cacheOptions.path): \(ByteCount.text(store.fileBytes()))")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        DisplayWidth.padded(text, toWidth: width, alignRight: true)
    }
}

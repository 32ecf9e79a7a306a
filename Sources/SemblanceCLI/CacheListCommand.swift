import ArgumentParser
import TextOutput
import ExplorerUI
import VectorCache

struct CacheListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the cached corpora with their item counts, model and size.")

    @OptionGroup var cacheOptions: CacheOptions

    func run() throws {
        let store: any CacheStore
        do {
            store = try cacheOptions.open(writable: false)
        } catch VectorCacheError.missing {
            print("no corpora (no cache at \(TerminalText.visible(cacheOptions.path)) yet)")
            return
        }
        let summaries = try store.summaries()
        guard !summaries.isEmpty else {
            print("no corpora in \(TerminalText.visible(cacheOptions.path))")
            return
        }
        // Names and models are shown with their control characters made visible (a name is
        // user input: raw escapes would drive the terminal), and padded by what is shown:
        // terminal columns, not Characters (emoji and CJK take two, combining accents none).
        let names = summaries.map { TerminalText.visible($0.corpus.name) }
        let nameWidth = max(6, names.map { DisplayWidth.of($0) }.max() ?? 0)
        print(DisplayWidth.padded("corpus", toWidth: nameWidth) + "     items  precision  vectors     texts       model")
        for (summary, name) in zip(summaries, names) {
            let corpus = summary.corpus
            let state = corpus.isComplete ? "" : "  (incomplete)"
            let encoder = corpus.model.quantizedEncoder.map { " (\(TerminalText.visible($0)) encoder)" } ?? ""
            print(DisplayWidth.padded(name, toWidth: nameWidth)
                + pad(String(summary.storedItems), 10) + pad(corpus.precision.rawValue, 11)
                + pad(ByteCount.text(summary.vectorBytes), 10) + pad(ByteCount.text(summary.textBytes), 10)
                + "  \(TerminalText.visible(corpus.model.name))\(encoder)\(state)")
        }
        print("cache \(TerminalText.visible(cacheOptions.path)): \(ByteCount.text(try store.storageBytes()))")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        DisplayWidth.padded(text, toWidth: width, alignRight: true)
    }
}

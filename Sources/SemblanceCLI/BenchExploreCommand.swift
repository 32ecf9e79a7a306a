import ArgumentParser
import CursesBackend
import Dispatch
import ExplorerUI
import Foundation
import TextOutput

/// `semblance bench explore`: keystroke → updated screen in a real explorer session.
struct BenchExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Time keystroke → updated screen in the explorer (no terminal needed).",
        discussion: """
            Types texts one key at a time into a real explorer session — the model, the open \
            corpus, the background worker, the reducer and the views — and paints every frame \
            with curses into /dev/null, so curses' diffing and output are timed too (only the \
            terminal emulator's drawing is not). For each keystroke it reports the time until \
            the screen shows that text's neighbours, matrix row and token shares, and the time \
            until the key is echoed in the input line. The first --pins texts are pinned first, \
            so the matrix and the shares toward pinned sentences are part of the work. Keys \
            are typed one every --interval milliseconds, as a fast typist would.
            """)

    @Option(help: "The cached corpus to search (default: the bundled teaching corpus, indexed first if needed).")
    var corpus: String?

    @Option(help: "Texts to type, one per line (default: built-in sentences).")
    var input: String?

    @Option(help: "Texts to pin before typing.")
    var pins: Int = 2

    @Option(help: "Milliseconds between keystrokes.")
    var interval: Int = 120

    @Option(help: "How many times every text is typed.")
    var passes: Int = 3

    @Option(help: "Screen size, COLUMNSxROWS.")
    var size: String = "120x40"

    @Option(name: .customShort("k"), help: "How many neighbours the explorer asks for.")
    var neighbours: Int = 30

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        try OptionBounds.check(pins, "--pins", in: OptionBounds.pins)
        try OptionBounds.check(interval, "--interval", in: OptionBounds.interval)
        try OptionBounds.check(passes, "--passes", in: OptionBounds.passes)
        try OptionBounds.check(neighbours, "-k", in: OptionBounds.explorerNeighbours)
        guard screenSize != nil else {
            throw ValidationError("--size must look like 120x40 (20–1000 columns, 6–1000 rows)")
        }
    }

    private var screenSize: GridSize? {
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, OptionBounds.screenColumns.contains(parts[0]), OptionBounds.screenRows.contains(parts[1])
        else { return nil }
        return GridSize(columns: parts[0], rows: parts[1])
    }

    func run() throws {
        guard let screenSize else { throw ValidationError("--size must look like 120x40") }
        let texts = try typedTexts()
        guard texts.count > pins else {
            throw ValidationError("--pins \(pins) leaves no text to type: give more texts or fewer pins")
        }
        let model = try modelOptions.load()
        let environment = ProcessInfo.processInfo.environment
        let bundled = BundledCorpora.locate(environment: environment)
        // The input is a query; the bundled corpora's items are documents.
        let engine = ExplorerCorpusEngine(
            model: model, cachePath: cacheOptions.path, createsCacheDirectory: cacheOptions.createsDirectories,
            bundledCorpora: bundled,
            prompt: try model.resolvePrompt(try modelOptions.prompt(for: model, fallback: model.queryPromptChoice)),
            documentPrompt: try model.resolvePrompt(model.documentPromptChoice))
        let corpusName = corpus ?? BundledCorpora.teaching

        let screen = try OffscreenCursesScreen(size: screenSize)
        defer { screen.close() }
        let wakeUp = DispatchSemaphore(value: 0)
        let session = ExplorerSession(
            engine: engine, configuration: ExplorerConfiguration(corpusName: corpusName, neighbourCount: neighbours),
            size: screenSize, wake: { wakeUp.signal() })
        let palette = session.palette(depth: ColourDepth.detect(colours: screen.colourCount, noColor: nil))
        let driver = ExplorerKeyDriver(session: session, wakeUp: wakeUp) { screen.paint(session.render(), palette: palette) }

        FileHandle.standardError.write(Data("opening corpus \(TerminalText.visible(corpusName))…\n".utf8))
        session.start()
        try driver.settle(timeout: .seconds(24 * 3600))
        guard case .ready = session.state.cacheState else {
            if case .failed(let message) = session.state.cacheState {
                throw CLIError.explorer(reason: "corpus \(corpusName): \(message)")
            }
            throw CLIError.explorer(reason: "corpus \(corpusName) did not open")
        }
        for text in texts.prefix(pins) {
            try driver.type(text, interval: nil)
            try driver.press([0x0D])  // Enter pins the input
            try driver.press([0x15])  // Ctrl-U clears it
        }

        let typed = Array(texts.dropFirst(pins))
        var samples: [KeystrokeTiming] = []
        var passMedians: [Double] = []
        for _ in 0..<passes {
            var pass: [KeystrokeTiming] = []
            for text in typed {
                pass += try driver.type(text, interval: .milliseconds(interval))
                try driver.press([0x15])
            }
            passMedians.append(TimingStatistics.median(pass.map(\.updated)))
            samples += pass
        }
        print(report(samples: samples, passMedians: passMedians, model: model.name, dimension: model.dimension,
                     corpus: session.state.corpus, screen: screen, typedTexts: typed.count))
    }

    private func typedTexts() throws -> [String] {
        if let input { return try BenchTexts.read(path: input).texts }
        return Array(BuiltInSentences.texts.prefix(12))
    }

    private func report(samples: [KeystrokeTiming], passMedians: [Double], model: String, dimension: Int,
                        corpus: CorpusInfo?, screen: OffscreenCursesScreen, typedTexts: Int) -> String {
        func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
        let updated = samples.map(\.updated)
        let corpusLine = corpus.map { "\(TerminalText.visible($0.name)), \($0.itemCount.formatted()) items" } ?? "none"
        return """
            model:        \(TerminalText.visible(model)) · \(dimension)-d
            corpus:       \(corpusLine); \(neighbours) neighbours, \(pins) pinned
            screen:       \(size), painted by curses into /dev/null as \(screen.term)
            keystrokes:   \(samples.count) (\(typedTexts) texts × \(passes) passes, one key every \(interval) ms)
            updated:      p50 \(ms(TimingStatistics.median(updated))), p90 \(ms(TimingStatistics.percentile(updated, 0.9))), max \(ms(updated.max() ?? 0)) (keystroke → neighbours, matrix and tokens of the new text on screen)
            per pass:     p50 \(passMedians.map { ms($0) }.joined(separator: ", "))
              encode      p50 \(ms(TimingStatistics.median(samples.map(\.encode)))) (the model, in the worker)
              paint       p50 \(ms(TimingStatistics.median(samples.map(\.paint)))) (render the grid + curses, last frame)
            echo:         p50 \(ms(TimingStatistics.median(samples.map(\.echo)))), p90 \(ms(TimingStatistics.percentile(samples.map(\.echo), 0.9))) (keystroke → the key in the input line)
            """
    }
}

import ArgumentParser
import Benchmarks
import Corpora
import Embedding
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
            are typed one every --interval milliseconds, as a fast typist would. --against B \
            shows model B's neighbours column and matrix cosines as `explore --against B` does: \
            each keystroke then waits for both models.
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

    @Flag(help: "Show the corpus map pane while typing (its statistics are loaded before timing starts).")
    var map = false
    @Option(help: "Type with a teaching view in the tokens pane's place: mnrl (L) or layers (Y).")
    var teachingView: TeachingViewChoice?
    @Option(help: ArgumentHelp("A second model whose column is shown, as explore --against does.", valueName: "DIR|NAME"))
    var against: String?

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var cacheOptions: CacheOptions

    enum TeachingViewChoice: String, ExpressibleByArgument, CaseIterable {
        case mnrl, layers
    }

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
        let texts = try BenchTexts.typed(path: input)
        guard texts.count > pins else {
            throw ValidationError("--pins \(pins) leaves no text to type: give more texts or fewer pins")
        }
        let model = try modelOptions.load()
        let second = try against.map { try SentenceTransformer(modelDirectory: InstalledModels().resolve(argument: $0)) }
        let engine = try cacheOptions.explorerEngine(for: model, modelOptions: modelOptions, against: second)
        let corpusName = corpus ?? BundledCorpora.name(BundledCorpora.teaching, for: model)
        var benchmark = ExplorerBenchmark(engine: engine, corpusName: corpusName, neighbours: neighbours, pins: pins,
                                          interval: .milliseconds(interval), passes: passes, screenSize: screenSize,
                                          showsMap: map)
        benchmark.secondModelName = second?.name
        if let teachingView {
            // Tab leaves the input, L or Y shows the view, i returns to the input to type.
            benchmark.setupKeys = [0x09, UInt8(ascii: teachingView == .mnrl ? "L" : "Y"), UInt8(ascii: "i")]
        }
        let result = try benchmark.run(texts: texts) {
            FileHandle.standardError.write(Data("opening corpus \(TerminalText.visible(corpusName))…\n".utf8))
        }
        print(result.report(of: benchmark, model: model.name, dimension: model.dimension))
    }
}

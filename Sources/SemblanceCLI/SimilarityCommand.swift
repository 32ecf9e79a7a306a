import ArgumentParser
import Corpora
import Embedding
import ExplorerUI
import Foundation
import StrictJSON
import TextInput
import TextOutput

enum MatrixFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

struct SimilarityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similarity",
        abstract: "Print the pairwise similarity matrix of texts (the model's similarity function).",
        discussion: """
            table (default) labels rows with the texts (control characters shown as symbols, ESC \
            as ␛) and, on a terminal, shades each cell by its \
            value; csv prints the bare matrix; json prints {"model", "dimension", "similarity_fn_name", \
            "texts", "matrix"}. The score is the model's similarity_fn_name (cosine unless \
            config_sentence_transformers.json says dot, euclidean or manhattan; the last two are \
            negative distances, as in sentence-transformers). --centre --corpus NAME subtracts that \
            corpus's mean vector from every text's vector and renormalises before scoring \
            ("sphereizing", the usual fix for vectors crowded into a narrow cone); the corpus must \
            be this model's.
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var inputOptions: InputOptions

    @Option(help: "Output format.")
    var format: MatrixFormat = .table

    @Flag(help: "Never shade the table (also when NO_COLOR is set or stdout is not a terminal).")
    var noColor = false

    @Flag(help: "Subtract the mean vector of --corpus and renormalise before scoring.")
    var centre = false

    @Option(help: "The cached corpus whose mean vector --centre subtracts.")
    var corpus: String?

    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        if centre && corpus == nil {
            throw ValidationError("--centre needs --corpus NAME: centring subtracts the mean vector of a cached corpus of this model")
        }
        if corpus != nil && !centre {
            throw ValidationError("--corpus is only used with --centre (add --centre, or drop --corpus)")
        }
    }

    func run() throws {
        let model = try modelOptions.load()
        let texts = try inputOptions.readTexts()
        guard !texts.isEmpty else { throw TextInputError.noTexts(source: "input") }
        var vectors = try model.encode(texts, prompt: try modelOptions.prompt(for: model))
        if centre, let corpus {
            let searcher = try CorpusSearcher(corpus: corpus, model: model, store: cacheOptions.open(writable: false))
            let space = try CorpusStatistics.space(of: searcher.corpus, in: searcher.store)
            vectors = try vectors.map { try space.centring.centred($0) }
        }
        let matrix = model.similarityFunction.matrix(vectors)

        switch format {
        case .csv:
            for row in matrix { print(row.map { String(format: "%.6f", $0) }.joined(separator: ",")) }
        case .json:
            print(JSONText.object([
                ("model", JSONText.string(model.name)),
                ("dimension", String(model.dimension)),
                ("similarity_fn_name", JSONText.string(model.similarityFunction.name)),
                ("texts", JSONText.array(texts.map(JSONText.string))),
                ("matrix", JSONText.array(matrix.map { JSONText.array($0.map(JSONText.number)) })),
            ]))
        case .table:
            let shaded = !noColor && TerminalStyle.colorAllowed
            let centring = corpus.map { ", centred on corpus \($0)'s mean" } ?? ""
            print(TerminalText.visible("\(model.name): \(texts.count) text\(texts.count == 1 ? "" : "s") → \(vectors.count) × \(model.dimension) vectors (\(model.pooling.name) pooling\(model.normalizes ? ", normalized" : ""), \(model.similarityFunction.name) similarity\(centring))"))
            print(CosineTable(texts: texts, matrix: matrix, shaded: shaded).render())
        }
    }
}

/// Whether output may carry ANSI colour: stdout is a terminal and NO_COLOR is unset or empty
/// (the same rule as the explorer's).
enum TerminalStyle {
    static var colorAllowed: Bool {
        isatty(STDOUT_FILENO) == 1 && !ColourDepth.noColourRequested(ProcessInfo.processInfo.environment["NO_COLOR"])
    }

    /// A 256-colour background for a value in [-1, 1]: blue for negative, through grey, to red.
    static func heat(_ value: Double) -> String {
        let clamped = max(-1, min(1, value))
        let ramp: [Int] = clamped >= 0 ? [236, 238, 94, 130, 166, 202, 196] : [236, 24, 25, 26, 27, 33, 39]
        let step = min(ramp.count - 1, Int((abs(clamped) * Double(ramp.count - 1)).rounded()))
        return "\u{1B}[48;5;\(ramp[step])m\u{1B}[97m"
    }

    static let reset = "\u{1B}[0m"
}

/// A labelled cosine matrix as text.
struct CosineTable {
    let texts: [String]
    let matrix: [[Double]]
    let shaded: Bool
    var labelWidth = 36

    func render() -> String {
        let labels = texts.enumerated().map { index, text -> String in
            // Control characters as symbols: a text must not act on the terminal (ESC sequences).
            // Clipped and padded in terminal columns: wide CJK, emoji and accents line up.
            "\(index + 1) \(Format.fit(TerminalText.visible(text), width: labelWidth - 4))"
        }
        let width = min(labelWidth, (labels.map { DisplayWidth.of($0) }.max() ?? 0))
        var lines = [String(repeating: " ", count: width) + texts.indices.map { pad("\($0 + 1)", 8) }.joined()]
        for (i, row) in matrix.enumerated() {
            let cells = row.map { value -> String in
                let cell = pad(String(format: "%.3f", value), 8)
                return shaded ? TerminalStyle.heat(value) + cell + TerminalStyle.reset : cell
            }
            lines.append(DisplayWidth.padded(labels[i], toWidth: width) + cells.joined())
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

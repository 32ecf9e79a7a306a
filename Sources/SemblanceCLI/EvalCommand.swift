import ArgumentParser
import Embedding
import Foundation
import TextInput
import TextOutput

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate the model on a benchmark.",
        subcommands: [STSEvalCommand.self])
}

struct STSEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sts",
        abstract: "Semantic textual similarity: Spearman × 100 of cosine against gold scores.",
        discussion: """
            FILE is a CSV of three fields per line: sentence1,sentence2,score (fields with commas \
            double-quoted), like the STS benchmark splits; a first row whose score is not a number \
            is a header and skipped. Scores must be finite numbers, and there must be at least two \
            pairs whose scores (and cosines) are not all equal, or the correlation is undefined (an \
            error, not a 0). Each distinct \
            sentence is encoded once. Prints Spearman's rank correlation × 100 of the two \
            sentences' cosine against the gold score, as sentence-transformers' evaluator does.
            """)

    @Argument(help: ArgumentHelp("The STS CSV file.", valueName: "FILE.csv"))
    var file: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Texts per forward pass (1–1024).")
    var batchSize: Int = 32

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        try OptionBounds.check(batchSize, "--batch-size", in: OptionBounds.batchSize)
    }

    func run() throws {
        let pairs = try STSPairs.read(InputSource.file(file))
        let model = try modelOptions.load()

        var unique: [String] = []
        var index: [String: Int] = [:]
        for pair in pairs {
            for sentence in [pair.first, pair.second] where index[sentence] == nil {
                index[sentence] = unique.count
                unique.append(sentence)
            }
        }
        let started = Date()
        let prompt = try modelOptions.prompt(for: model)
        let vectors = try encodeWithProgress(unique, model: { try model.encode($0, prompt: prompt, batchSize: $1) },
                                             batchSize: batchSize, quiet: quiet)
        let seconds = Date().timeIntervalSince(started)

        let cosines = pairs.map { pair in
            VectorMath.cosine(vectors[index[pair.first] ?? 0], vectors[index[pair.second] ?? 0])
        }
        let gold = pairs.map(\.score)
        let spearman: Double, pearson: Double
        do {
            spearman = try RankCorrelation.spearman(cosines, gold) * 100
            pearson = try RankCorrelation.pearson(cosines, gold) * 100
        } catch {
            throw CLIError.undefinedCorrelation(source: file, reason: Self.explain(error))
        }
        print(String(format: "Spearman × 100: %.4f", spearman))
        print(String(format: "Pearson × 100:  %.4f", pearson))
        if !quiet {
            let note = String(format: "%d pairs, %d distinct sentences encoded in %.1f s with %@",
                              pairs.count, unique.count, seconds, TerminalText.visible(model.name))
            FileHandle.standardError.write(Data((note + "\n").utf8))
        }
    }
}

extension STSEvalCommand {
    /// Why the correlation is undefined, in the terms of the file (x are the cosines, y the gold scores).
    static func explain(_ undefined: RankCorrelation.Undefined) -> String {
        switch undefined {
        case let .tooFewPairs(count): "\(count) pair\(count == 1 ? "" : "s"): a correlation needs at least 2"
        case .unequalLengths: "the cosines and the gold scores differ in number"
        case .constant(side: 1): "every gold score is the same (no variance to correlate with)"
        case .constant: "the model gives every pair the same cosine (no variance to correlate with)"
        case .nonFinite(side: 1): "a gold score is not a finite number"
        case .nonFinite: "a cosine is not a finite number (the model's vectors overflowed)"
        }
    }
}

/// One line of an STS CSV file.
struct STSPair {
    let first: String
    let second: String
    let score: Double
}

enum STSPairs {
    /// Reads `sentence1,sentence2,score` rows; quoted fields may hold commas. A first row
    /// whose score field is not a number is a header (`sentence1,sentence2,score`) and skipped;
    /// anywhere else it is an error, as is a score that is not finite (`nan`, `inf`, `1e999`).
    static func read(_ source: InputSource) throws -> [STSPair] {
        var pairs: [STSPair] = []
        var firstRow = true
        try DelimitedReader(hasHeader: false).forEachRow(in: source) { line, fields in
            defer { firstRow = false }
            guard fields.count == 3 else {
                throw CLIError.badCSV(source: source.name, line: line, reason: "expected 3 fields (sentence1,sentence2,score), found \(fields.count)")
            }
            let field = fields[2].trimmingCharacters(in: .whitespaces)
            guard let score = decimal(field) else {
                if firstRow { return }  // a header row
                throw CLIError.badCSV(source: source.name, line: line, reason: "score \"\(fields[2])\" is not a number")
            }
            guard score.isFinite else {
                throw CLIError.badCSV(source: source.name, line: line, reason: "score \"\(fields[2])\" is not a finite number")
            }
            pairs.append(STSPair(first: fields[0], second: fields[1], score: score))
        }
        guard !pairs.isEmpty else { throw CLIError.emptyInput(source: source.name) }
        return pairs
    }

    /// A score as a number: decimal notation, or the words Swift reads as numbers (`nan`,
    /// `inf`, so they can be refused as not finite). Hexadecimal floats (`0x1p3`) are not scores.
    static func decimal(_ text: String) -> Double? {
        guard !text.lowercased().contains("x") else { return nil }
        return Double(text)
    }
}

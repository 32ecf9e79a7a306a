import ArgumentParser
import Embedding
import Foundation
import TextInput

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
            FILE is a CSV without a header, three fields per line: sentence1,sentence2,score \
            (fields with commas double-quoted), like the STS benchmark splits. Each distinct \
            sentence is encoded once. Prints Spearman's rank correlation × 100 of the two \
            sentences' cosine against the gold score, as sentence-transformers' evaluator does.
            """)

    @Argument(help: ArgumentHelp("The STS CSV file.", valueName: "FILE.csv"))
    var file: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Texts per forward pass.")
    var batchSize: Int = 32

    @Flag(help: "No progress on stderr.")
    var quiet = false

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
        let vectors = try encodeWithProgress(unique, model: model.encode, batchSize: batchSize, quiet: quiet)
        let seconds = Date().timeIntervalSince(started)

        let cosines = pairs.map { pair in
            VectorMath.cosine(vectors[index[pair.first] ?? 0], vectors[index[pair.second] ?? 0])
        }
        let gold = pairs.map(\.score)
        let spearman = RankCorrelation.spearman(cosines, gold) * 100
        let pearson = RankCorrelation.pearson(cosines, gold) * 100
        print(String(format: "Spearman × 100: %.4f", spearman))
        print(String(format: "Pearson × 100:  %.4f", pearson))
        if !quiet {
            let note = String(format: "%d pairs, %d distinct sentences encoded in %.1f s with %@",
                              pairs.count, unique.count, seconds, model.name)
            FileHandle.standardError.write(Data((note + "\n").utf8))
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
    /// Reads `sentence1,sentence2,score` rows (no header); quoted fields may hold commas.
    static func read(_ source: InputSource) throws -> [STSPair] {
        var pairs: [STSPair] = []
        try DelimitedReader(hasHeader: false).forEachRow(in: source) { line, fields in
            guard fields.count == 3 else {
                throw CLIError.badCSV(source: source.name, line: line, reason: "expected 3 fields (sentence1,sentence2,score), found \(fields.count)")
            }
            guard let score = Double(fields[2].trimmingCharacters(in: .whitespaces)) else {
                throw CLIError.badCSV(source: source.name, line: line, reason: "score \"\(fields[2])\" is not a number")
            }
            pairs.append(STSPair(first: fields[0], second: fields[1], score: score))
        }
        guard !pairs.isEmpty else { throw CLIError.emptyInput(source: source.name) }
        return pairs
    }
}

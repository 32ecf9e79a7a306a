import ArgumentParser
import Benchmarks
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
        let evaluation = STSEvaluation(pairs: try STSPairs.read(InputSource.file(file)))
        let model = try modelOptions.load()
        let started = Date()
        let prompt = try modelOptions.prompt(for: model)
        let vectors = try encodeWithProgress(evaluation.sentences, model: { try model.encode($0, prompt: prompt, batchSize: $1) },
                                             batchSize: batchSize, quiet: quiet)
        let seconds = Date().timeIntervalSince(started)
        let correlations: STSEvaluation.Correlations
        do {
            correlations = try evaluation.correlations(vectors: vectors, similarity: model.similarityFunction)
        } catch {
            throw CLIError.undefinedCorrelation(source: file, reason: STSEvaluation.explain(error))
        }
        print(String(format: "Spearman × 100: %.4f", correlations.spearman))
        print(String(format: "Pearson × 100:  %.4f", correlations.pearson))
        if !quiet {
            let note = String(format: "%d pairs, %d distinct sentences encoded in %.1f s with %@",
                              evaluation.pairs.count, evaluation.sentences.count, seconds, TerminalText.visible(model.name))
            FileHandle.standardError.write(Data((note + "\n").utf8))
        }
    }
}

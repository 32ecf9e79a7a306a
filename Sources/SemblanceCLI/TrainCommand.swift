import ArgumentParser
import Embedding
import Foundation
import TextOutput
import Training

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fine-tune a sentence-transformers model with MultipleNegativesRankingLoss.",
        discussion: """
            sentence-transformers' fit() recipe, computed natively: batches of (anchor, positive) \
            pairs, the other pairs' positives as in-batch negatives (a third column is a hard \
            negative), AdamW with weight decay on all weights but biases and LayerNorm, WarmupLinear, \
            gradient-norm clipping. FILE is CSV or TSV (anchor,positive[,negative]; an \
            `anchor,positive` first row is a header) or JSON Lines ({"anchor","positive","negative"}). \
            A checkpoint is saved in OUTPUT/checkpoint after each epoch and on Ctrl-C or SIGTERM; \
            --resume continues it exactly. OUTPUT gets a complete sentence-transformers directory.
            """)

    @Option(help: ArgumentHelp("Training pairs (.csv, .tsv, .jsonl).", valueName: "FILE"))
    var pairs: String
    @Option(help: ArgumentHelp("The model to start from (directory or installed name).", valueName: "DIR"))
    var model: String?
    @Option(help: ArgumentHelp("Where the trained model goes.", valueName: "DIR"))
    var output: String
    @Option(help: "Passes over the pairs.") var epochs: Int = 5
    @Option(help: "Pairs per step (at least 2).") var batchSize: Int = 32
    @Option(help: "Peak learning rate.") var lr: Double = 2e-5
    @Option(help: "Steps of linear warm-up.") var warmupSteps: Int = 500
    @Option(help: "AdamW's decoupled weight decay.") var weightDecay: Double = 0.01
    @Option(help: "Clip the gradients' total norm to this.") var maxGradNorm: Double = 1
    @Option(help: "MNRL's scale.") var scale: Double = 20
    @Option(help: ArgumentHelp("MNRL's similarity: cosine or dot.", valueName: "NAME")) var similarity: String = "cosine"
    @Flag(help: "MultipleNegativesSymmetricRankingLoss (both directions).") var symmetric = false
    @Option(help: "Seed for shuffling and dropout.") var seed: UInt64 = 0
    @Flag(help: "Keep the file's order.") var noShuffle = false
    @Flag(help: "No dropout.") var noDropout = false
    @Option(help: ArgumentHelp("STS CSV to evaluate after each epoch (Spearman).", valueName: "STS.csv")) var eval: String?
    @Option(help: ArgumentHelp("Write one JSON line per step.", valueName: "FILE")) var log: String?
    @Flag(help: "No progress on stderr.") var quiet = false
    @Flag(help: "Write into an existing output directory.") var overwrite = false
    @Flag(help: "Continue the checkpoint in the output directory.") var resume = false

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard batchSize >= 2 else { throw ValidationError("--batch-size \(batchSize): MultipleNegativesRankingLoss needs at least 2 pairs in a batch") }
        guard lr.isFinite, lr > 0 else { throw ValidationError("--lr must be a positive number") }
        guard warmupSteps >= 0 else { throw ValidationError("--warmup-steps must be 0 or more") }
        guard weightDecay.isFinite, weightDecay >= 0 else { throw ValidationError("--weight-decay must be 0 or more") }
        guard maxGradNorm.isFinite, maxGradNorm > 0 else { throw ValidationError("--max-grad-norm must be positive") }
        guard scale.isFinite, scale > 0 else { throw ValidationError("--scale must be positive") }
        guard RankingSimilarity(rawValue: similarity) != nil else { throw ValidationError("--similarity must be cosine or dot") }
    }

    func run() throws {
        let directory = try InstalledModels().resolve(argument: model)
        let options = TrainingOptions(
            epochs: epochs, batchSize: batchSize, learningRate: lr, warmupSteps: warmupSteps, weightDecay: weightDecay,
            maxGradNorm: maxGradNorm,
            loss: RankingLoss(scale: scale, similarity: RankingSimilarity(rawValue: similarity) ?? .cosine, symmetric: symmetric),
            seed: seed, shuffles: !noShuffle, dropout: !noDropout)
        let session = try TrainingSession(.init(
            pairsPath: pairs, modelDirectory: directory, output: URL(fileURLWithPath: output), options: options,
            overwrite: overwrite, resume: resume, stsPath: eval))
        // Lines go out as steps finish (a log to follow, and kept when the run is stopped);
        // a resumed run appends to it.
        let logFile = try log.map { path -> FileHandle in
            if !resume || !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw CLIError.cannotWrite(path: path, reason: "cannot create the file")
                }
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw CLIError.cannotWrite(path: path, reason: "cannot open the file")
            }
            _ = try? handle.seekToEnd()
            return handle
        }
        let stop = StopRequest()
        stop.install()
        let started = Date()
        var progress = TrainingProgress(totalSteps: session.loop.totalSteps, firstStep: session.loop.step)
        let outcome = try session.run(stop: stop, onStep: { record in
            if let logFile, let path = log {
                do { try logFile.write(contentsOf: Data((record.jsonLine + "\n").utf8)) } catch {
                    throw CLIError.cannotWrite(path: path, reason: error.localizedDescription)
                }
            }
            guard !quiet else { return }
            progress.record(record, seconds: Date().timeIntervalSince(started))
            FileHandle.standardError.write(Data(("\r" + progress.line(record) + "   ").utf8))
        }, onEvaluation: { epoch, spearman in
            let line = TrainingProgress.evaluationLine(epoch: epoch, spearman: spearman)
            FileHandle.standardError.write(Data(("\n" + line + "\n").utf8))
            if quiet { print(line) }
        })
        try? logFile?.close()
        if !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
        switch outcome {
        case .finished:
            print("trained model written to \(TerminalText.visible(output))")
        case let .stopped(step):
            print("stopped after step \(step); checkpoint in \(TerminalText.visible(session.checkpointFolder.path)) (continue with --resume)")
            // Interrupted is not done: 130 after SIGINT, 143 after SIGTERM, as the shell would report.
            throw ExitCode(stop.exitStatus)
        }
    }
}

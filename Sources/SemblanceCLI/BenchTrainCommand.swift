import ArgumentParser
import Benchmarks
import Embedding
import Foundation
import Inference
import Training

/// `semblance bench train`: training speed (pairs/s of whole steps) and peak memory.
struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Time whole training steps (pairs/s) and report the peak memory.",
        discussion: """
            Trains on the first STEPS × BATCH pairs of FILE in file order (fit()'s recipe: MNRL \
            scale 20, AdamW, WarmupLinear, clipping, dropout unless --no-dropout), once to warm up \
            and then PASSES times, and prints the median pairs/s of the passes and the peak RSS. \
            benchmarks/torch_train_bench.py runs the same steps with PyTorch \
            (benchmarks/train.sh runs both).
            """)

    @Option(help: ArgumentHelp("Training pairs (.csv, .tsv, .jsonl).", valueName: "FILE"))
    var pairs: String
    @Option(help: ArgumentHelp("The model (directory or installed name).", valueName: "DIR"))
    var model: String?
    @Option(help: "Pairs per step.") var batchSize: Int = 32
    @Option(help: "Steps per pass.") var steps: Int = 10
    @Option(help: "Timed passes (the median is reported).") var passes: Int = 3
    @Flag(help: "No dropout.") var noDropout = false

    func validate() throws {
        try OptionBounds.check(batchSize, "--batch-size", in: 2 ... 4096)
        try OptionBounds.check(steps, "--steps", in: 1 ... 100_000)
        try OptionBounds.check(passes, "--passes", in: OptionBounds.runs)
    }

    func run() throws {
        let directory = try InstalledModels().resolve(argument: model)
        let trainingPairs = try TrainingPairsReader.read(path: pairs)
        let trainable = try TrainableSentenceModel(directory: directory)
        print("threads: \(ProcessInfo.processInfo.activeProcessorCount) cores, OpenBLAS \(BLAS.threadCount) threads; model \(trainable.sentenceModel.name)")
        let benchmark = TrainBenchmark(batchSize: batchSize, stepsPerPass: steps, passes: passes, dropout: !noDropout)
        let result = try benchmark.run(model: trainable, pairs: trainingPairs) { pass, seconds in
            FileHandle.standardError.write(Data(String(format: "pass %d%@: %.2f s\n", pass, pass == 0 ? " (warm-up)" : "", seconds).utf8))
        }
        print(result.line)
    }
}

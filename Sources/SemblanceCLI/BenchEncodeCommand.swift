import ArgumentParser
import Benchmarks
import Foundation
import Inference

extension SyntheticShape: ExpressibleByArgument {}

/// `semblance bench [encode]`: how fast this machine encodes, next to what its BLAS can do.
struct BenchEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Measure encoding speed: batch throughput, single-text latency, load time, memory.",
        discussion: """
            Prints the machine's OpenBLAS sgemm rate at the model's feed-forward shape, batch
            throughput over the items (real tokens/s, items/s; median of --runs passes), the
            effective GFLOP/s of the matrix products and its ratio to sgemm, the latency of
            encoding one 10–20-token item alone (p50/p90), model load time and peak RSS.
            With a model the items are texts, timed end to end (tokenize, encode, pool); the
            default texts are a built-in set of sentences, or --input FILE: an STS CSV (its
            distinct sentences) or one text per line. --synthetic builds random weights of a
            model shape in memory and encodes random token ids. Compare with
            benchmarks/python_bench.py (PyTorch, ONNX Runtime) on the same machine.
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: ArgumentHelp("Random weights of a model shape instead of a model: minilm, bert-base or mpnet-base.", valueName: "SHAPE"))
    var synthetic: SyntheticShape?

    @Option(help: ArgumentHelp("Texts to encode: an STS CSV or one text per line.", valueName: "FILE"))
    var input: String?

    @Option(help: "Items per batch.")
    var batchSize: Int = 32

    @Option(help: "Threads for encoding (and for the sgemm probe).")
    var threads: Int = BertModel.defaultThreadCount

    @Option(help: "Timed passes over all items; the median is reported.")
    var runs: Int = 5

    @Option(help: "Single-item encodes timed for the latency figures.")
    var singles: Int = 200

    func validate() throws {
        // The benchmark encodes as `encode` does without flags: a prompt flag would go unused.
        if modelOptions.requestedPrompt != nil {
            throw ValidationError("bench encode measures the model's default prompt: --prompt-name and --prompt are not used")
        }
        if synthetic != nil && modelOptions.model != nil {
            throw ValidationError("give --model or --synthetic, not both")
        }
        if synthetic != nil && input != nil {
            throw ValidationError("--input needs a model: --synthetic encodes random token ids")
        }
        try OptionBounds.check(batchSize, "--batch-size", in: OptionBounds.batchSize)
        try OptionBounds.check(threads, "--threads", in: OptionBounds.threads)
        try OptionBounds.check(runs, "--runs", in: OptionBounds.runs)
        try OptionBounds.check(singles, "--singles", in: OptionBounds.singles)
    }

    func run() throws {
        let subject: BenchSubject
        if let synthetic {
            subject = try BenchSubject.synthetic(synthetic, threads: threads, precision: modelOptions.precision)
        } else {
            subject = try BenchSubject.model(directory: modelOptions.existingDirectory(), texts: try BenchTexts.read(path: input),
                                             threads: threads, precision: modelOptions.precision)
        }
        let report = try BenchMeasurement(
            subject: subject, batchSize: batchSize, runs: runs, singles: singles, threads: threads
        ).measure()
        for line in report.lines { print(line) }
    }
}

import Foundation
import Training

/// `bench train`: pairs per second of whole training steps (tokenize, forward, loss,
/// backward, clipping, AdamW, schedule) over repeated passes of the same batches, and the
/// peak resident memory. The first pass warms caches and allocations and is not counted.
public struct TrainBenchmark {
    public struct Result: Sendable {
        /// Seconds of each counted pass.
        public let passSeconds: [Double]
        public let pairsPerPass: Int
        public let batchSize: Int
        public let stepsPerPass: Int
        public let peakResidentBytes: Int?

        public var pairsPerSecond: [Double] { passSeconds.map { Double(pairsPerPass) / max($0, 1e-9) } }
        public var medianPairsPerSecond: Double { TimingStatistics.median(pairsPerSecond) }

        /// One line, in the format `benchmarks/torch_train_bench.py` prints too.
        public var line: String {
            let rates = pairsPerSecond
            let memory = peakResidentBytes.map { String(format: "%.0f MB", Double($0) / 1e6) } ?? "unknown"
            return String(
                format: "train: batch %d, %d steps × %d passes: median %.1f pairs/s (min %.1f, max %.1f), median step %.3f s, peak RSS %@",
                batchSize, stepsPerPass, passSeconds.count, medianPairsPerSecond, rates.min() ?? 0, rates.max() ?? 0,
                TimingStatistics.median(passSeconds) / Double(max(1, stepsPerPass)), memory)
        }
    }

    public let batchSize: Int
    public let stepsPerPass: Int
    public let passes: Int
    public let dropout: Bool

    public init(batchSize: Int, stepsPerPass: Int, passes: Int, dropout: Bool) {
        self.batchSize = batchSize
        self.stepsPerPass = stepsPerPass
        self.passes = passes
        self.dropout = dropout
    }

    /// Trains on the first `stepsPerPass × batchSize` pairs in file order, `passes + 1` times.
    /// - Parameter onPass: the pass (0 is the warm-up) and its seconds, as each ends.
    /// - Throws: `BenchmarkError` when the file has too few pairs; the loaders' errors.
    public func run(model: TrainableSentenceModel, pairs: [TrainingPair], onPass: (Int, Double) -> Void) throws -> Result {
        let needed = stepsPerPass * batchSize
        guard pairs.count >= needed else {
            throw BenchmarkError.invalidArgument(
                "\(pairs.count) pairs; \(stepsPerPass) steps of \(batchSize) need \(needed) (fewer --steps or a bigger file)")
        }
        // fit()'s recipe; the learning rate only has to be realistic, the cost is the same.
        let options = TrainingOptions(
            epochs: passes + 1, batchSize: batchSize, learningRate: 2e-5, warmupSteps: stepsPerPass,
            weightDecay: 0.01, maxGradNorm: 1, loss: RankingLoss(), seed: 0, shuffles: false, dropout: dropout)
        let loop = try TrainingLoop(model: model, pairs: Array(pairs.prefix(needed)), pairsName: "bench", options: options)
        var seconds: [Double] = []
        var started = TimingStatistics.now()
        try loop.run(until: { false }, onStep: { _ in }, onEpochEnd: { epoch in
            let now = TimingStatistics.now()
            onPass(epoch, now - started)
            if epoch > 0 { seconds.append(now - started) }
            started = now
        })
        return Result(passSeconds: seconds, pairsPerPass: needed, batchSize: batchSize, stepsPerPass: stepsPerPass,
                      peakResidentBytes: ProcessMemory.peakResidentBytes())
    }
}

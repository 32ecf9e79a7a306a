import Inference

/// Runs the measurements of `semblance bench` on a subject.
public struct BenchMeasurement {
    public let subject: BenchSubject
    public let batchSize: Int
    public let runs: Int
    /// Single-item encodes to time for the latency figures.
    public let singles: Int
    public let threads: Int

    public init(subject: BenchSubject, batchSize: Int, runs: Int, singles: Int, threads: Int) {
        self.subject = subject
        self.batchSize = batchSize
        self.runs = runs
        self.singles = singles
        self.threads = threads
    }

    /// Items of 10–20 tokens (a sentence as typed in the explorer) are timed alone; when
    /// there are none, the first items whatever their length.
    public static let singleLengths = 10...20

    public func measure() throws -> BenchReport {
        let flops = EncoderFlops(configuration: subject.configuration)
        let lengths = subject.lengths
        let tokens = lengths.reduce(0, +)
        let meanBatchTokens = Double(tokens) / Double(max(1, lengths.count)) * Double(min(batchSize, lengths.count))
        let hidden = subject.configuration.hiddenSize, intermediate = subject.configuration.intermediateSize
        // The feed-forward layer's shape at the batch's token count, and at one short sentence.
        let batchRows = max(16, Int(meanBatchTokens.rounded()))
        let batchSgemm = SgemmProbe.gflops(m: batchRows, k: hidden, n: intermediate, threads: threads)
        let singleSgemm = SgemmProbe.gflops(m: 16, k: hidden, n: intermediate, threads: threads)

        let batches = stride(from: 0, to: lengths.count, by: batchSize).map { start in
            Array(start ..< min(start + batchSize, lengths.count))
        }
        if let first = batches.first { try subject.encode(first) }  // warm-up: page faults, threads
        var batchSeconds: [Double] = []
        for _ in 0..<runs {
            batchSeconds.append(try TimingStatistics.time {
                for batch in batches { try subject.encode(batch) }
            })
        }

        var candidates = lengths.indices.filter { Self.singleLengths.contains(lengths[$0]) }
        if candidates.isEmpty { candidates = Array(lengths.indices) }
        var singleSeconds: [Double] = []
        var singleTokens = 0
        if !candidates.isEmpty {
            for sample in 0..<singles {
                let index = candidates[sample % candidates.count]
                singleTokens += lengths[index]
                singleSeconds.append(try TimingStatistics.time { try subject.encode([index]) })
            }
        }

        return BenchReport(
            subject: subject, batchSize: batchSize, threads: threads, tokens: tokens,
            flops: flops.total(lengths: lengths), flopsPerToken: flops.linearPerToken,
            batchSgemm: (rows: batchRows, gflops: batchSgemm), singleSgemm: (rows: 16, gflops: singleSgemm),
            batchSeconds: batchSeconds, singleSeconds: singleSeconds,
            singleMeanTokens: singleSeconds.isEmpty ? 0 : Double(singleTokens) / Double(singleSeconds.count),
            peakResidentBytes: ProcessMemory.peakResidentBytes())
    }
}

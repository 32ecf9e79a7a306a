import Benchmarks
import Foundation
import Inference
import Testing

/// What `bench encode` encodes, in which batches, and what its report counts, with a subject
/// that records its calls instead of running a model.
@Suite struct BenchMeasurementTests {
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [[Int]] = []
        func record(_ batch: [Int]) { lock.withLock { batches.append(batch) } }
        var all: [[Int]] { lock.withLock { batches } }
    }

    private func subject(lengths: [Int], calls: Calls) throws -> BenchSubject {
        BenchSubject(name: "recording", configuration: try BertConfiguration(hiddenSize: 8, numHiddenLayers: 1, numAttentionHeads: 2,
                                                                           intermediateSize: 16),
                     workload: "fixed lengths", lengths: lengths, weightBytes: 3 * 1_048_576, loadSeconds: 0.25,
                     weightsLoadSeconds: nil, tokenizeSeconds: nil, encode: calls.record)
    }

    @Test func batchesWarmUpRunsAndSinglesOfSentenceLength() throws {
        let calls = Calls()
        // Items 0 and 2 are 10–20 tokens long: only they are timed alone.
        let report = try BenchMeasurement(subject: subject(lengths: [12, 5, 15, 30, 8], calls: calls),
                                          batchSize: 2, runs: 3, singles: 4, threads: 1).measure()
        let pass = [[0, 1], [2, 3], [4]]
        #expect(calls.all == [[0, 1]] + pass + pass + pass + [[0], [2], [0], [2]])
        #expect(report.batchSeconds.count == 3)
        #expect(report.singleSeconds.count == 4)
        #expect(report.tokens == 70)
        #expect(report.singleMeanTokens == 13.5)
        let linearPerLayer: Double = 4 * 64 + 2 * 8 * 16
        #expect(report.flopsPerToken == 2 * linearPerLayer)
        #expect(report.lines[0].hasPrefix("model:        recording (hidden 8, 1 layers, 2 heads, intermediate 16), 1 thread"))
        #expect(report.lines[1] == "workload:     fixed lengths: 70 real tokens, 14.0 per item")
        #expect(report.lines.contains { $0.hasPrefix("peak RSS:") && $0.contains("weights 3.0 MiB") })
    }

    @Test func withoutSentenceLengthItemsTheFirstItemsAreTimedAlone() throws {
        let calls = Calls()
        let report = try BenchMeasurement(subject: subject(lengths: [40, 3], calls: calls),
                                          batchSize: 8, runs: 1, singles: 3, threads: 1).measure()
        #expect(calls.all == [[0, 1], [0, 1], [0], [1], [0]])
        #expect(report.singleMeanTokens == 83.0 / 3)
    }

    /// The tokenize line is the warm median (what the tokenizers library is measured by), with
    /// the cold first pass beside it.
    @Test func tokenizeLineGivesTheWarmRateAndTheFirstPass() throws {
        let calls = Calls()
        var timed = try subject(lengths: [12, 8], calls: calls)
        timed = BenchSubject(name: timed.name, configuration: timed.configuration, workload: timed.workload,
                             lengths: timed.lengths, weightBytes: timed.weightBytes, loadSeconds: 0.25,
                             weightsLoadSeconds: nil, tokenizeSeconds: 0.002, encode: calls.record)
        timed.firstTokenizeSeconds = 0.0125
        let report = try BenchMeasurement(subject: timed, batchSize: 2, runs: 1, singles: 0, threads: 1).measure()
        #expect(report.lines.contains(
            "tokenize:     2.0 ms for all items (10,000 tokens/s, median of 5 passes, one thread; first pass 12.5 ms), included in the batch figures"))
    }

    @Test func largeCountsAreGroupedByThousands() throws {
        let calls = Calls()
        let report = try BenchMeasurement(subject: subject(lengths: Array(repeating: 1000, count: 1235), calls: calls),
                                          batchSize: 1, runs: 1, singles: 0, threads: 1).measure()
        #expect(report.lines[1].contains("1,235,000 real tokens"))
        #expect(report.lines.contains("single:       no items to time alone"))
    }
}

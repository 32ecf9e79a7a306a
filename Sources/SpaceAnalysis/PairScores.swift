import Dispatch
import Foundation

/// The distribution of a corpus's pair scores: every distinct pair up to `exactLimit`
/// items, else a seeded uniform sample of `sampleSize` distinct pairs.
public enum PairScores {
    /// Up to this many items every distinct pair is scored (2 × 10⁸ pairs at the limit).
    public static let exactLimit = 20_000
    /// Pairs sampled above `exactLimit`.
    public static let sampleSize = 2_000_000
    /// The sample's seed: the same pairs on every run.
    public static let seed: UInt64 = 0x5345_4D42_5041_4952

    /// Scores the pairs of `matrix` on `workers` cores; `progress(done, total)` in work units.
    /// `drawn`: the sample this call would draw, drawn once already for another matrix of as
    /// many rows (a different sample is not used: the call draws its own).
    public static func distribution(of matrix: ScoringMatrix, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                    exactLimit: Int = PairScores.exactLimit, sampleSize: Int = PairScores.sampleSize,
                                    seed: UInt64 = PairScores.seed, drawn: PairSample? = nil,
                                    progress: (@Sendable (Int, Int) -> Void)? = nil) -> ScoreDistribution {
        let total = PairSample.totalPairs(items: matrix.rows)
        let bounds = matrix.scoreBounds
        if matrix.rows <= exactLimit {
            let tiles = TiledScores(matrix: matrix)
            let histograms = PerWorker(count: max(1, workers)) { ScoreHistogram(lower: bounds.lower, upper: bounds.upper) }
            // Workers take tiles in whatever order the threads run: each tile's sum is kept
            // apart and the sums are added in tile order, so the mean is the same on every run.
            let tileSums = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, tiles.tilePairs.count))
            tileSums.initialize(repeating: 0)
            defer { tileSums.deallocate() }
            nonisolated(unsafe) let sums = tileSums
            tiles.forEachTile(workers: workers, progress: progress) { worker, tile, rowsI, rowsJ, scores in
                histograms.update(worker) { histogram in
                    let width = rowsJ.count
                    var sum = 0.0
                    for (a, i) in rowsI.enumerated() {
                        // Distinct pairs only: within a diagonal tile, the part right of the diagonal.
                        let firstColumn = rowsI == rowsJ ? a + 1 : 0
                        guard firstColumn < width else { continue }
                        for b in firstColumn ..< width where i != rowsJ.lowerBound + b {
                            histogram.tally(scores[a * width + b])
                            sum += Double(scores[a * width + b])
                        }
                    }
                    sums[tile] = sum
                }
            }
            var merged = histograms.merged { $0.merge($1) }
            merged.setSum(addingInOrder: tileSums)
            return merged.distribution(totalPairs: total, seed: nil)
        }
        let isThisCallsSample = { (drawn: PairSample) in
            drawn.items == matrix.rows && drawn.seed == seed && drawn.count == min(max(0, sampleSize), total)
        }
        let sample = drawn.flatMap { isThisCallsSample($0) ? $0 : nil } ?? PairSample(items: matrix.rows, count: sampleSize, seed: seed)
        let scores = scores(of: sample, in: matrix, workers: workers, progress: progress)
        var histogram = ScoreHistogram(lower: bounds.lower, upper: bounds.upper)
        for score in scores { histogram.add(score) }
        return histogram.distribution(totalPairs: total, seed: seed)
    }

    /// The pairs `distribution` scores for `items` items with the same settings: nil when it
    /// scores every pair. Drawn once, they serve several matrices of the same rows.
    public static func sampledPairs(items: Int, exactLimit: Int = PairScores.exactLimit,
                                    sampleSize: Int = PairScores.sampleSize, seed: UInt64 = PairScores.seed) -> PairSample? {
        items <= exactLimit ? nil : PairSample(items: items, count: sampleSize, seed: seed)
    }

    /// The score of every sampled pair, in the sample's order.
    static func scores(of sample: PairSample, in matrix: ScoringMatrix, workers: Int,
                       progress: (@Sendable (Int, Int) -> Void)?) -> [Float] {
        let chunk = 65_536
        let chunks = (sample.count + chunk - 1) / chunk
        let counter = TileCounter()
        return [Float](unsafeUninitializedCapacity: sample.count) { buffer, initialized in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: max(1, min(workers, chunks))) { _ in
                while let index = counter.take(below: chunks) {
                    let pairs = index * chunk ..< min(sample.count, (index + 1) * chunk)
                    sample.first.withUnsafeBufferPointer { first in
                        sample.second.withUnsafeBufferPointer { second in
                            matrix.scores(first: UnsafeBufferPointer(rebasing: first[pairs]),
                                          second: UnsafeBufferPointer(rebasing: second[pairs]),
                                          into: UnsafeMutableBufferPointer(rebasing: out[pairs]))
                        }
                    }
                    progress?(counter.finished(), chunks)
                }
            }
            initialized = sample.count
        }
    }
}

/// One value per worker thread, each touched only by its worker, merged at the end. Plain
/// allocated storage: an array's `withUnsafeMutableBufferPointer` is not safe from several threads.
final class PerWorker<Value>: @unchecked Sendable {
    private let values: UnsafeMutablePointer<Value>
    let count: Int

    init(count: Int, make: () -> Value) {
        self.count = max(1, count)
        values = UnsafeMutablePointer<Value>.allocate(capacity: self.count)
        for index in 0 ..< self.count { (values + index).initialize(to: make()) }
    }

    deinit {
        values.deinitialize(count: count)
        values.deallocate()
    }

    func update(_ worker: Int, _ body: (inout Value) -> Void) { body(&values[worker]) }

    func merged(_ combine: (inout Value, Value) -> Void) -> Value {
        var result = values[0]
        for index in 1 ..< count { combine(&result, values[index]) }
        return result
    }

    var all: [Value] { (0 ..< count).map { values[$0] } }
}

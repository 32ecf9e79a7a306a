import Dispatch
import Foundation
import HalfFloat

/// A corpus's rows read in place from their storage (f32 or f16, in memory or the mapped
/// sidecar) and prepared for scoring a chunk or a chosen set at a time, so no statistic of a
/// large corpus needs an f32 copy of the whole matrix. A chunk is prepared exactly as
/// `ScoringMatrix` prepares every row (widened, unit length for a directional score), so
/// figures read chunk by chunk equal those of the whole matrix.
public struct CorpusRows: Sendable {
    public let rows: Int
    public let dimension: Int
    public let storage: MatrixStorage
    public let scoring: PairScoring
    /// Rows prepared at a time by `forEachChunk`: 4,096 rows of 384 f32 is 6 MB.
    public static let chunkRows = 4096

    /// Throws `badMatrix` when the storage is not `rows × dimension` or the dimension is 0.
    public init(rows: Int, dimension: Int, storage: MatrixStorage, scoring: PairScoring) throws {
        guard dimension > 0, rows >= 0, storage.count == rows * dimension else {
            throw SpaceAnalysisError.badMatrix(rows: rows, dimension: dimension, components: storage.count)
        }
        self.rows = rows
        self.dimension = dimension
        self.storage = storage
        self.scoring = scoring
    }

    /// Rows `range` widened to f32 into `out` (`range.count × dimension` long), not normalised.
    func widen(_ range: Range<Int>, into out: UnsafeMutableBufferPointer<Float>) {
        let d = dimension
        let components = range.lowerBound * d ..< range.upperBound * d
        guard out.count == components.count else { return }
        storage.withFloats { source in
            guard let from = source.baseAddress, let to = out.baseAddress else { return }
            to.update(from: from + components.lowerBound, count: components.count)
        }
        storage.withHalves { source in HalfKernels.decode(UnsafeBufferPointer(rebasing: source[components]), into: out) }
    }

    /// Rows `range` prepared for scoring into `out`: widened, and unit length for a directional score.
    func prepare(_ range: Range<Int>, into out: inout [Float]) {
        let count = range.count * dimension
        if out.count != count { out = [Float](repeating: 0, count: count) }
        out.withUnsafeMutableBufferPointer { widen(range, into: $0) }
        if scoring.isDirectional { ScoringMatrix.normalizeRows(&out, dimension: dimension) }
    }

    /// Calls `body(range, prepared)` for consecutive chunks of `chunkRows` rows in order, one
    /// buffer reused throughout: the memory of one chunk, whatever the corpus's size.
    public func forEachChunk(chunkRows: Int = CorpusRows.chunkRows, _ body: (Range<Int>, [Float]) throws -> Void) rethrows {
        let step = max(1, chunkRows)
        var buffer: [Float] = []
        var start = 0
        while start < rows {
            let range = start ..< min(rows, start + step)
            prepare(range, into: &buffer)
            try body(range, buffer)
            start = range.upperBound
        }
    }

    /// Every row prepared: the whole-matrix `ScoringMatrix` (for corpora small enough to hold it).
    public func matrix() -> ScoringMatrix {
        var values: [Float] = []
        prepare(0 ..< rows, into: &values)
        return ScoringMatrix(rows: rows, dimension: dimension, scoring: scoring, values: values)
    }

    /// The rows at `positions` (each in 0..<rows; callers draw them) prepared, as a matrix of
    /// their own: only these rows are read and widened.
    public func matrix(of positions: [Int]) -> ScoringMatrix {
        let d = dimension
        var values = [Float](repeating: 0, count: positions.count * d)
        values.withUnsafeMutableBufferPointer { out in
            for (row, position) in positions.enumerated() where position >= 0 && position < rows {
                widen(position ..< position + 1, into: UnsafeMutableBufferPointer(rebasing: out[row * d ..< (row + 1) * d]))
            }
        }
        if scoring.isDirectional { ScoringMatrix.normalizeRows(&values, dimension: d) }
        return ScoringMatrix(rows: positions.count, dimension: d, scoring: scoring, values: values)
    }

    /// The mean of every prepared row, streamed a chunk at a time on `workers` cores. Each
    /// chunk's sum is kept apart (in Double) and the sums are added in chunk order, so the
    /// result does not depend on the number of workers.
    public func mean(workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                     progress: (@Sendable (Int, Int) -> Void)? = nil) -> [Float] {
        let d = dimension
        guard rows > 0 else { return [Float](repeating: 0, count: d) }
        let chunks = (rows + Self.chunkRows - 1) / Self.chunkRows
        let partials = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks * d)
        partials.initialize(repeating: 0)
        defer { partials.deallocate() }
        nonisolated(unsafe) let sums = partials
        let counter = TileCounter()
        let source = self
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, chunks))) { _ in
            var buffer: [Float] = []
            while let chunk = counter.take(below: chunks) {
                let range = chunk * Self.chunkRows ..< min(source.rows, (chunk + 1) * Self.chunkRows)
                source.prepare(range, into: &buffer)
                let base = chunk * d
                buffer.withUnsafeBufferPointer { v in
                    for row in 0 ..< range.count { for t in 0 ..< d { sums[base + t] += Double(v[row * d + t]) } }
                }
                progress?(counter.finished(), chunks)
            }
        }
        var total = [Double](repeating: 0, count: d)
        for chunk in 0 ..< chunks { for t in 0 ..< d { total[t] += partials[chunk * d + t] } }
        return total.map { Float($0 / Double(rows)) }
    }

    /// `count` distinct row positions out of `rows`, uniformly at random with `seed`, in
    /// increasing order (selection sampling, Knuth's Algorithm S: one pass, no list of all rows).
    public static func samplePositions(rows: Int, count: Int, seed: UInt64) -> [Int] {
        let wanted = max(0, min(count, rows))
        guard wanted < rows else { return Array(0 ..< max(0, rows)) }
        var generator = SeededGenerator(seed: seed)
        var chosen: [Int] = []
        chosen.reserveCapacity(wanted)
        var position = 0
        while chosen.count < wanted && position < rows {
            // Take `position` with probability (still wanted) / (still left).
            let left = UInt64(rows - position), needed = UInt64(wanted - chosen.count)
            if generator.next(upperBound: left) < needed { chosen.append(position) }
            position += 1
        }
        return chosen
    }
}

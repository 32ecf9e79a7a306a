import Dispatch
import Foundation
import HalfFloat
import Inference

/// Exact nearest-neighbour search by the model's similarity function (cosine unless the model
/// says dot, euclidean or manhattan) over a contiguous row-major `[rows × dimension]` matrix,
/// stored as f32 or as binary16 bit patterns.
///
/// f32 scores come from one BLAS matrix-vector product; f16 scores from the F16C kernel,
/// which widens each row inside the dot product (the matrix is never copied to f32), split
/// over the cores. Rows need not be unit length: their inverse norms are computed once
/// here and applied to the scores, so the result is a cosine either way.
public struct NeighbourSearch: Sendable {
    /// The components: f32, or binary16 bit patterns (the cache's type, searched as loaded).
    public typealias Storage = MatrixStorage

    public let rows: Int
    public let dimension: Int
    public let storage: Storage
    /// How rows are scored against the query.
    public let similarity: SimilarityFunction
    /// 1/‖row‖ per row, or nil when every row is already unit length (to 1e-3) or the score
    /// is not a cosine.
    private let inverseNorms: [Float]?

    /// Wraps a matrix; `nil` when its size is not `rows × dimension` or the dimension is 0.
    /// `rowsAreUnitLength` (e.g. the model normalizes) skips computing the row norms.
    public init?(rows: Int, dimension: Int, storage: Storage, rowsAreUnitLength: Bool = false,
                 similarity: SimilarityFunction = .cosine) {
        guard dimension > 0, rows >= 0, storage.count == rows * dimension else { return nil }
        self.rows = rows
        self.dimension = dimension
        self.storage = storage
        self.similarity = similarity
        self.inverseNorms = rowsAreUnitLength || similarity != .cosine
            ? nil : Self.inverseNorms(storage, rows: rows, dimension: dimension)
    }

    /// The `k` rows most similar to `query` by `similarity`, best first; ties go to the lower
    /// row. A k larger than the matrix returns every row. A query of the wrong length finds nothing.
    public func search(_ query: [Float], k: Int) -> [Neighbour] {
        guard query.count == dimension, rows > 0, k > 0 else { return [] }
        if similarity == .euclidean || similarity == .manhattan {
            return TopK.select(distanceScores(query), k: k)
        }
        let norm = query.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let unitQuery = norm > 0 && similarity == .cosine ? query.map { $0 / norm } : query
        var scores = [Float](repeating: 0, count: rows)
        scores.withUnsafeMutableBufferPointer { scoreBuffer in
            unitQuery.withUnsafeBufferPointer { queryBuffer in
                computeScores(query: queryBuffer, into: scoreBuffer)
            }
            if let inverseNorms {
                for i in 0..<rows { scoreBuffer[i] *= inverseNorms[i] }
            }
        }
        return TopK.select(scores, k: k)
    }

    /// The `k` best of `rows` (row indices) for `query`, scored exactly as `search` scores
    /// them (the same kernels, one row at a time), best first: approximate search's second pass.
    /// Rows out of range are skipped.
    public func rescore(_ query: [Float], rows candidates: [Int], k: Int) -> [Neighbour] {
        guard query.count == dimension, k > 0 else { return [] }
        let valid = candidates.filter { $0 >= 0 && $0 < rows }
        if similarity == .euclidean || similarity == .manhattan {
            var scores: [Neighbour] = []
            for row in valid { scores.append(Neighbour(index: row, score: distanceScore(row: row, query))) }
            return TopK.merge([scores], k: k)
        }
        let norm = query.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let unitQuery = norm > 0 && similarity == .cosine ? query.map { $0 / norm } : query
        // Each row is a scattered read of the matrix: thousands of candidates (approximate
        // search at millions of rows) wait on memory on every core at once.
        let parts = valid.count >= 1024 ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        var scored = [[Neighbour]](repeating: [], count: parts)
        scored.withUnsafeMutableBufferPointer { lists in
            nonisolated(unsafe) let lists = lists
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                lists[part] = exactScores(unitQuery, rows: valid[ParallelWork.slice(part, of: parts, count: valid.count, granularity: 1)])
            }
        }
        return TopK.merge(scored, k: k)
    }

    /// The exact scores of `rows` against `unitQuery` (made unit length for cosine), one row at a time.
    private func exactScores(_ unitQuery: [Float], rows: ArraySlice<Int>) -> [Neighbour] {
        var scored: [Neighbour] = []
        scored.reserveCapacity(rows.count)
        var score: Float = 0
        unitQuery.withUnsafeBufferPointer { q in
            guard let queryBase = q.baseAddress else { return }
            withUnsafeMutablePointer(to: &score) { scorePointer in
                for row in rows {
                    if storage.isHalf {
                        storage.withHalves { m in
                            HalfKernels.dotRows(UnsafeBufferPointer(rebasing: m[row * dimension ..< (row + 1) * dimension]),
                                                query: q, scores: UnsafeMutableBufferPointer(start: scorePointer, count: 1))
                        }
                    } else {
                        storage.withFloats { m in
                            guard let base = m.baseAddress else { return }
                            BLAS.sgemv(m: 1, n: dimension, a: base + row * dimension, lda: dimension, x: queryBase, y: scorePointer)
                        }
                    }
                    var value = scorePointer.pointee
                    if let inverseNorms { value *= inverseNorms[row] }
                    scored.append(Neighbour(index: row, score: value))
                }
            }
        }
        return scored
    }

    /// The negative distance of one row to `query` (as `distanceScores` computes it).
    private func distanceScore(row: Int, _ query: [Float]) -> Float {
        var values = [Float](repeating: 0, count: dimension)
        storage.withFloats { source in values = Array(source[row * dimension ..< (row + 1) * dimension]) }
        storage.withHalves { source in
            values.withUnsafeMutableBufferPointer {
                HalfKernels.decode(UnsafeBufferPointer(rebasing: source[row * dimension ..< (row + 1) * dimension]), into: $0)
            }
        }
        return Float(similarity.score(values, query))
    }

    /// Dot products of every row with `query` into `scores` ([rows]).
    ///
    /// Memory-bound: a slice of rows per core keeps more of the memory bandwidth busy than
    /// one thread can. OpenBLAS runs one thread per call (`BLAS`), so the rows are sliced
    /// here (explorer, 100k × 384 f32, 2 cores: keystroke → screen p50 27.5 ms → 21.6 ms).
    private func computeScores(query: UnsafeBufferPointer<Float>, into scores: UnsafeMutableBufferPointer<Float>) {
        guard let queryBase = query.baseAddress, let scoreBase = scores.baseAddress else { return }
        let dimension = self.dimension, rows = self.rows
        nonisolated(unsafe) let scoresBase = scoreBase, queryStart = queryBase
        if !storage.isHalf {
            let slices = Self.sliceCount(rows: rows)
            let rowsPerSlice = (rows + slices - 1) / slices
            storage.withFloats { m in
                guard let base = m.baseAddress else { return }
                nonisolated(unsafe) let matrixBase = base
                DispatchQueue.concurrentPerform(iterations: slices) { slice in
                    let start = slice * rowsPerSlice, end = min(rows, start + rowsPerSlice)
                    guard start < end else { return }
                    BLAS.sgemv(m: end - start, n: dimension, a: matrixBase + start * dimension, lda: dimension,
                               x: queryStart, y: scoresBase + start)
                }
            }
        } else {
            let slices = Self.sliceCount(rows: rows)
            let rowsPerSlice = (rows + slices - 1) / slices
            storage.withHalves { m in
                guard let base = m.baseAddress else { return }
                nonisolated(unsafe) let matrixBase = base
                DispatchQueue.concurrentPerform(iterations: slices) { slice in
                    let start = slice * rowsPerSlice, end = min(rows, start + rowsPerSlice)
                    guard start < end else { return }
                    HalfKernels.dotRows(
                        UnsafeBufferPointer(start: matrixBase + start * dimension, count: (end - start) * dimension),
                        query: UnsafeBufferPointer(start: queryStart, count: dimension),
                        scores: UnsafeMutableBufferPointer(start: scoresBase + start, count: end - start))
                }
            }
        }
    }

    /// Negative distances of every row to `query`, computed directly (as torch.cdist does)
    /// rather than from dot products, whose cancellation would blur near neighbours.
    private func distanceScores(_ query: [Float]) -> [Float] {
        var scores = [Float](repeating: 0, count: rows)
        let function = similarity
        func score(_ row: Int, _ values: UnsafeBufferPointer<Float>) {
            scores[row] = Float(function.score(Array(values), query))
        }
        storage.withFloats { source in
            for row in 0..<rows { score(row, UnsafeBufferPointer(rebasing: source[row * dimension ..< (row + 1) * dimension])) }
        }
        do {
            var widened = [Float](repeating: 0, count: dimension)
            storage.withHalves { source in
                widened.withUnsafeMutableBufferPointer { buffer in
                    for row in 0..<rows {
                        HalfKernels.decode(UnsafeBufferPointer(rebasing: source[row * dimension ..< (row + 1) * dimension]), into: buffer)
                        score(row, UnsafeBufferPointer(buffer))
                    }
                }
            }
        }
        return scores
    }

    /// Threads for scoring: the cores, but no splitting of small matrices.
    private static func sliceCount(rows: Int) -> Int {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return rows < 4096 ? 1 : cores
    }

    /// 1/‖row‖ for every row; nil if all rows are unit length already. Zero rows get 0.
    private static func inverseNorms(_ storage: Storage, rows: Int, dimension: Int) -> [Float]? {
        var inverse = [Float](repeating: 0, count: rows)
        var allUnit = true
        func record(_ row: Int, _ values: UnsafeBufferPointer<Float>) {
            let norm = sumOfSquares(values).squareRoot()
            inverse[row] = norm > 0 ? 1 / norm : 0
            if abs(norm - 1) > 1e-3 { allUnit = false }
        }
        storage.withFloats { source in
            for row in 0..<rows {
                record(row, UnsafeBufferPointer(rebasing: source[row * dimension ..< (row + 1) * dimension]))
            }
        }
        if storage.isHalf {
            // Widened a chunk at a time: a full f32 copy is exactly what f16 storage avoids.
            let chunkRows = 256
            var widened = [Float](repeating: 0, count: chunkRows * dimension)
            storage.withHalves { source in
                widened.withUnsafeMutableBufferPointer { buffer in
                    var start = 0
                    while start < rows {
                        let end = min(rows, start + chunkRows)
                        let chunk = UnsafeMutableBufferPointer(rebasing: buffer[0 ..< (end - start) * dimension])
                        HalfKernels.decode(UnsafeBufferPointer(rebasing: source[start * dimension ..< end * dimension]), into: chunk)
                        for row in start..<end {
                            let offset = (row - start) * dimension
                            record(row, UnsafeBufferPointer(rebasing: UnsafeBufferPointer(chunk)[offset ..< offset + dimension]))
                        }
                        start = end
                    }
                }
            }
        }
        return allUnit ? nil : inverse
    }

    /// Σ xᵢ² with eight lanes, so it vectorises without fast-math.
    private static func sumOfSquares(_ values: UnsafeBufferPointer<Float>) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= values.count {
            let chunk = SIMD8<Float>(values[i], values[i + 1], values[i + 2], values[i + 3],
                                     values[i + 4], values[i + 5], values[i + 6], values[i + 7])
            lanes += chunk * chunk
            i += 8
        }
        var total = lanes.sum()
        while i < values.count {
            total += values[i] * values[i]
            i += 1
        }
        return total
    }
}

import Dispatch
import Foundation
import HalfFloat
import Inference

/// A corpus's rows as centring sees them — c = (u − mean) / ‖u − mean‖, u the row as
/// prepared for scoring — scored against a centred query without a centred copy of the
/// matrix. For a product score (cosine, dot) c·q is
///
///     (s·(x·q) − mean·q) / ‖u − mean‖,    s = 1/‖x‖ for a cosine, else 1,
///
/// so one pass of the search kernels over the stored rows (f16 widened inside the product)
/// and two numbers per row, computed once, give every centred score. Distances (euclidean,
/// manhattan) have no such form without cancellation: their rows are centred a chunk at a
/// time, as the whole-matrix copy was, and scored the same way.
public struct CentredRows: Sendable {
    public let source: CorpusRows
    public let centring: CorpusCentring
    /// Per row: s, the factor that makes the stored row u (1/‖x‖ for a cosine, else 1).
    private let rowScales: [Float]
    /// Per row: 1/‖u − mean‖, or 0 when u is the mean (its centred vector is zero, score 0).
    private let inverseCentredNorms: [Float]

    /// Below this ‖u − mean‖ a row counts as the mean itself: its centred direction is
    /// rounding noise, and the whole-matrix copy scored it near 0 too.
    static let meanDistanceFloor = 1e-6

    /// Reads every row once, a chunk at a time on `workers` cores (product scores only).
    public init(source: CorpusRows, centring: CorpusCentring, workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        guard centring.dimension == source.dimension else {
            throw SpaceAnalysisError.wrongDimension(expected: source.dimension, got: centring.dimension)
        }
        self.source = source
        self.centring = centring
        guard source.scoring == .cosine || source.scoring == .dot else {
            rowScales = []
            inverseCentredNorms = []
            return
        }
        let rows = source.rows, d = source.dimension, chunkRows = CorpusRows.chunkRows
        let directional = source.scoring.isDirectional
        var scales = [Float](repeating: 1, count: rows)
        var inverses = [Float](repeating: 0, count: rows)
        let chunks = (rows + chunkRows - 1) / chunkRows
        let counter = TileCounter()
        let mean = centring.mean, floor = Self.meanDistanceFloor
        scales.withUnsafeMutableBufferPointer { scaleBuffer in
            inverses.withUnsafeMutableBufferPointer { inverseBuffer in
                nonisolated(unsafe) let scaleOut = scaleBuffer, inverseOut = inverseBuffer
                DispatchQueue.concurrentPerform(iterations: max(1, min(workers, chunks))) { _ in
                    var raw = [Float](repeating: 0, count: chunkRows * d)
                    while let chunk = counter.take(below: chunks) {
                        let range = chunk * chunkRows ..< min(rows, (chunk + 1) * chunkRows)
                        raw.withUnsafeMutableBufferPointer { buffer in
                            source.widen(range, into: UnsafeMutableBufferPointer(rebasing: buffer[0 ..< range.count * d]))
                            for (r, row) in range.enumerated() {
                                let x = UnsafeMutableBufferPointer(rebasing: buffer[r * d ..< (r + 1) * d])
                                // As ScoringMatrix.normalizeRows: the norm in Double, clamped at 1e-12.
                                var scale: Float = 1
                                if directional {
                                    var sum = 0.0
                                    for t in 0 ..< d { sum += Double(x[t]) * Double(x[t]) }
                                    scale = Float(1 / max(sum.squareRoot(), 1e-12))
                                }
                                var distance = 0.0
                                for t in 0 ..< d { let c = Double(x[t] * scale - mean[t]); distance += c * c }
                                distance = distance.squareRoot()
                                scaleOut[row] = scale
                                inverseOut[row] = distance < floor ? 0 : Float(1 / distance)
                            }
                        }
                    }
                }
            }
        }
        rowScales = scales
        inverseCentredNorms = inverses
    }

    /// The score of every row against `query`, which is already centred (`CorpusCentring.centred`):
    /// what the model's scoring gives the centred rows. `query` of another length scores nothing.
    public func scores(centredQuery query: [Float], workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Float] {
        let rows = source.rows, d = source.dimension
        guard query.count == d, rows > 0 else { return [] }
        switch source.scoring {
        case .cosine, .dot: return productScores(query, workers: workers)
        case .euclidean, .manhattan:
            var scores = [Float](repeating: 0, count: rows)
            source.forEachChunk { range, prepared in
                var centred = prepared
                centring.centre(&centred, rows: range.count)
                for (r, row) in range.enumerated() {
                    scores[row] = Self.distanceScore(centred, row: r, dimension: d, query, scoring: source.scoring)
                }
            }
            return scores
        }
    }

    /// (s·(x·q) − mean·q) / ‖u − mean‖ for every row, the products split over the cores.
    private func productScores(_ query: [Float], workers: Int) -> [Float] {
        let rows = source.rows, d = source.dimension
        // As search scores a cosine: the query made unit length (Float, as NeighbourSearch does).
        let norm = query.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let q = source.scoring == .cosine && norm > 0 ? query.map { $0 / norm } : query
        var meanDot = 0.0
        for t in 0 ..< d { meanDot += Double(centring.mean[t]) * Double(q[t]) }
        let meanScore = Float(meanDot)
        var scores = [Float](repeating: 0, count: rows)
        let slices = rows < CorpusRows.chunkRows ? 1 : max(1, workers)
        let rowsPerSlice = (rows + slices - 1) / slices
        let storage = source.storage
        scores.withUnsafeMutableBufferPointer { out in
            q.withUnsafeBufferPointer { queryBuffer in
                guard let outBase = out.baseAddress, let queryBase = queryBuffer.baseAddress else { return }
                nonisolated(unsafe) let scoreStart = outBase, queryStart = queryBase
                DispatchQueue.concurrentPerform(iterations: slices) { slice in
                    let start = slice * rowsPerSlice, end = min(rows, start + rowsPerSlice)
                    guard start < end else { return }
                    storage.withHalves { m in
                        guard let base = m.baseAddress else { return }
                        HalfKernels.dotRows(UnsafeBufferPointer(start: base + start * d, count: (end - start) * d),
                                            query: UnsafeBufferPointer(start: queryStart, count: d),
                                            scores: UnsafeMutableBufferPointer(start: scoreStart + start, count: end - start))
                    }
                    storage.withFloats { m in
                        guard let base = m.baseAddress else { return }
                        BLAS.sgemv(m: end - start, n: d, a: base + start * d, lda: d, x: queryStart, y: scoreStart + start)
                    }
                }
            }
            for row in 0 ..< rows { out[row] = (rowScales[row] * out[row] - meanScore) * inverseCentredNorms[row] }
        }
        return scores
    }

    /// The negative distance of centred row `row` to `query`, in Double as the model's score
    /// (`SimilarityFunction.score`) computes it.
    private static func distanceScore(_ values: [Float], row: Int, dimension d: Int, _ query: [Float], scoring: PairScoring) -> Float {
        var sum = 0.0
        for t in 0 ..< d {
            let difference = Double(values[row * d + t]) - Double(query[t])
            sum += scoring == .euclidean ? difference * difference : abs(difference)
        }
        return Float(scoring == .euclidean ? -sum.squareRoot() : -sum)
    }
}

import Dispatch
import Foundation
import Inference

/// Scores of row tiles against row tiles of a `ScoringMatrix`, a matrix product per tile
/// (sgemm; manhattan has none, so it is summed directly), tiles shared among all cores.
/// Each tile pair (I, J) with I ≤ J is scored once: the caller reads both directions.
struct TiledScores {
    let matrix: ScoringMatrix
    let tileRows: Int

    init(matrix: ScoringMatrix, tileRows: Int = 512) {
        self.matrix = matrix
        self.tileRows = max(1, tileRows)
    }

    var tileCount: Int { (matrix.rows + tileRows - 1) / tileRows }

    /// Tile pairs (I ≤ J) in the order they are handed out.
    var tilePairs: [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        for i in 0 ..< tileCount { for j in i ..< tileCount { pairs.append((i, j)) } }
        return pairs
    }

    /// Calls `body(worker, tile, rowsI, rowsJ, scores)` for every tile pair, `scores` row-major
    /// [rowsI.count × rowsJ.count]; `worker` in 0..<workers says whose state to update, `tile`
    /// is the pair's place in `tilePairs` (which worker gets which tile depends on timing).
    /// OpenBLAS runs one thread per call (`BLAS`): the tiles give each core its own product.
    func forEachTile(workers: Int, progress: (@Sendable (Int, Int) -> Void)?,
                     _ body: @Sendable (Int, Int, Range<Int>, Range<Int>, UnsafeBufferPointer<Float>) -> Void) {
        let pairs = tilePairs
        let workers = max(1, min(workers, pairs.count))
        let next = TileCounter()
        let total = pairs.count
        let matrix = self.matrix, tileRows = self.tileRows
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var scores = [Float](repeating: 0, count: tileRows * tileRows)
            while let index = next.take(below: total) {
                let (ti, tj) = pairs[index]
                let rowsI = ti * tileRows ..< min(matrix.rows, (ti + 1) * tileRows)
                let rowsJ = tj * tileRows ..< min(matrix.rows, (tj + 1) * tileRows)
                scores.withUnsafeMutableBufferPointer { buffer in
                    Self.score(matrix, rowsI, rowsJ, into: buffer)
                    body(worker, index, rowsI, rowsJ, UnsafeBufferPointer(rebasing: buffer[0 ..< rowsI.count * rowsJ.count]))
                }
                progress?(next.finished(), total)
            }
        }
    }

    /// The scores of rows `rowsI` against `rowsJ` into `out`.
    static func score(_ matrix: ScoringMatrix, _ rowsI: Range<Int>, _ rowsJ: Range<Int>, into out: UnsafeMutableBufferPointer<Float>) {
        let d = matrix.dimension, width = rowsJ.count
        guard let outBase = out.baseAddress else { return }
        matrix.values.withUnsafeBufferPointer { v in
            guard let base = v.baseAddress else { return }
            switch matrix.scoring {
            case .cosine, .dot, .euclidean:
                BLAS.sgemm(transposeB: .transposed, m: rowsI.count, n: width, k: d,
                           a: base + rowsI.lowerBound * d, lda: d, b: base + rowsJ.lowerBound * d, ldb: d,
                           c: outBase, ldc: width)
                if matrix.scoring == .euclidean {
                    for (a, i) in rowsI.enumerated() {
                        for (b, j) in rowsJ.enumerated() {
                            let squared = matrix.squaredNorms[i] + matrix.squaredNorms[j] - 2 * out[a * width + b]
                            out[a * width + b] = -max(0, squared).squareRoot()
                        }
                    }
                }
            case .manhattan:
                for (a, i) in rowsI.enumerated() {
                    for (b, j) in rowsJ.enumerated() {
                        var sum: Float = 0
                        for t in 0 ..< d { sum += abs(base[i * d + t] - base[j * d + t]) }
                        out[a * width + b] = -sum
                    }
                }
            }
        }
    }
}

/// Hands out tile indices to the workers and counts finished tiles.
final class TileCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var handed = 0
    private var done = 0

    func take(below total: Int) -> Int? {
        lock.withLock {
            guard handed < total else { return nil }
            handed += 1
            return handed - 1
        }
    }

    func finished() -> Int { lock.withLock { done += 1; return done } }
}

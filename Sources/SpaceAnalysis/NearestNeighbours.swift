import Foundation

/// Exact k nearest neighbours of every row among the other rows (itself excluded), from the
/// blocked product: each tile pair is scored once and read both ways, into per-worker top-k
/// lists merged at the end. Ties go to the lower index, as in search.
enum NearestNeighbours {
    struct Entry: Sendable, Equatable {
        let index: Int
        let score: Float
    }

    /// For each row, its `k` best others, best first.
    static func lists(of matrix: ScoringMatrix, k: Int, workers: Int, progress: (@Sendable (Int, Int) -> Void)?) -> [[Entry]] {
        let n = matrix.rows
        guard k > 0, n > 1 else { return [[Entry]](repeating: [], count: n) }
        let tiles = TiledScores(matrix: matrix)
        let state = PerWorker(count: max(1, min(workers, tiles.tilePairs.count))) { TopLists(rows: n, k: k) }
        tiles.forEachTile(workers: state.count, progress: progress) { worker, _, rowsI, rowsJ, scores in
            state.update(worker) { lists in
                let width = rowsJ.count
                let diagonal = rowsI == rowsJ
                for (a, i) in rowsI.enumerated() {
                    for b in 0 ..< width {
                        let j = rowsJ.lowerBound + b
                        if diagonal && j <= i { continue }
                        let score = scores[a * width + b]
                        lists.offer(row: i, index: j, score: score)
                        lists.offer(row: j, index: i, score: score)
                    }
                }
            }
        }
        var merged = TopLists(rows: n, k: k)
        for lists in state.all { merged.absorb(lists) }
        return (0 ..< n).map { merged.sortedList(row: $0) }
    }

    /// k slots per row, kept sorted best first, with the worst score as the entry threshold.
    struct TopLists {
        let rows: Int
        let k: Int
        var indices: [Int32]
        var scores: [Float]
        var filled: [Int32]

        init(rows: Int, k: Int) {
            self.rows = rows
            self.k = k
            indices = [Int32](repeating: -1, count: rows * k)
            scores = [Float](repeating: -.infinity, count: rows * k)
            filled = [Int32](repeating: 0, count: rows)
        }

        @inline(__always)
        mutating func offer(row: Int, index: Int, score: Float) {
            let base = row * k
            let count = Int(filled[row])
            let score = score.isNaN ? -Float.infinity : score
            if count == k {
                let worst = scores[base + k - 1]
                if score < worst || (score == worst && index > Int(indices[base + k - 1])) { return }
            }
            // Insertion from the end: lists are short (k ≈ 10).
            var slot = count == k ? k - 1 : count
            while slot > 0 {
                let above = scores[base + slot - 1]
                if above > score || (above == score && Int(indices[base + slot - 1]) < index) { break }
                scores[base + slot] = above
                indices[base + slot] = indices[base + slot - 1]
                slot -= 1
            }
            scores[base + slot] = score
            indices[base + slot] = Int32(truncatingIfNeeded: index)
            if count < k { filled[row] = Int32(count + 1) }
        }

        mutating func absorb(_ other: TopLists) {
            for row in 0 ..< rows {
                for slot in 0 ..< Int(other.filled[row]) {
                    offer(row: row, index: Int(other.indices[row * k + slot]), score: other.scores[row * k + slot])
                }
            }
        }

        func sortedList(row: Int) -> [Entry] {
            (0 ..< Int(filled[row])).map { Entry(index: Int(indices[row * k + $0]), score: scores[row * k + $0]) }
        }
    }
}

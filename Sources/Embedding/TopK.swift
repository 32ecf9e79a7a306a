/// One search result: a matrix row and its score (cosine for normalized vectors).
public struct Neighbour: Sendable, Equatable {
    /// Row of the matrix (the corpus position).
    public let index: Int
    public let score: Float

    public init(index: Int, score: Float) {
        self.index = index
        self.score = score
    }

    /// True when `self` ranks before `other`: higher score first, then lower index.
    /// NaN ranks last, so a damaged vector can never push out a real result.
    @inline(__always)
    func ranksBefore(_ other: Neighbour) -> Bool {
        let mine = score.isNaN ? -Float.infinity : score
        let theirs = other.score.isNaN ? -Float.infinity : other.score
        return mine > theirs || (mine == theirs && index < other.index)
    }
}

/// Partial selection of the k best scores with a bounded heap: O(n log k), one pass, no sort
/// of the whole array.
public enum TopK {
    /// The `k` best of `scores` (row i scored `scores[i]`, reported as `indexOffset + i`),
    /// best first; ties go to the lower index. Fewer than k when there are fewer scores.
    public static func select(_ scores: UnsafeBufferPointer<Float>, k: Int, indexOffset: Int = 0) -> [Neighbour] {
        guard k > 0, !scores.isEmpty else { return [] }
        var heap = WorstFirstHeap(capacity: min(k, scores.count))
        for i in 0..<scores.count {
            let score = scores[i]
            if heap.isFull {
                // Scanning in index order, an equal score comes later and so ranks after
                // the heap's worst: only a strictly higher score gets in (NaN never does).
                guard score > heap.worstScore else { continue }
                heap.replaceWorst(with: Neighbour(index: indexOffset + i, score: score))
            } else {
                heap.insert(Neighbour(index: indexOffset + i, score: score))
            }
        }
        return heap.sortedBestFirst()
    }

    /// The `k` best of `scores`, best first.
    public static func select(_ scores: [Float], k: Int) -> [Neighbour] {
        scores.withUnsafeBufferPointer { select($0, k: k) }
    }

    /// The `k` best of several lists (e.g. per-thread results, in any order), best first.
    /// A bounded heap: re-scoring thousands of candidates for ten results sorts ten, not thousands.
    public static func merge(_ lists: [[Neighbour]], k: Int) -> [Neighbour] {
        guard k > 0 else { return [] }
        var heap = WorstFirstHeap(capacity: min(k, lists.reduce(0) { $0 + $1.count }))
        for list in lists {
            for neighbour in list { heap.offer(neighbour) }
        }
        return heap.sortedBestFirst()
    }
}

/// A binary min-heap ordered so the root is the neighbour that ranks last.
private struct WorstFirstHeap {
    private var items: [Neighbour] = []
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        items.reserveCapacity(capacity)
    }

    var isFull: Bool { items.count >= capacity }

    /// The root's score, NaN read as -∞ so any real score beats it.
    var worstScore: Float {
        let score = items[0].score
        return score.isNaN ? -.infinity : score
    }

    mutating func insert(_ neighbour: Neighbour) {
        items.append(neighbour)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            // The parent must rank after (be worse than) the child.
            guard items[parent].ranksBefore(items[child]) else { break }
            items.swapAt(parent, child)
            child = parent
        }
    }

    /// Keeps `neighbour` if there is room or it ranks before the worst kept.
    mutating func offer(_ neighbour: Neighbour) {
        if !isFull {
            insert(neighbour)
        } else if neighbour.ranksBefore(items[0]) {
            replaceWorst(with: neighbour)
        }
    }

    mutating func replaceWorst(with neighbour: Neighbour) {
        items[0] = neighbour
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < items.count && items[worst].ranksBefore(items[left]) { worst = left }
            if right < items.count && items[worst].ranksBefore(items[right]) { worst = right }
            if worst == parent { return }
            items.swapAt(parent, worst)
            parent = worst
        }
    }

    func sortedBestFirst() -> [Neighbour] {
        items.sorted { $0.ranksBefore($1) }
    }
}

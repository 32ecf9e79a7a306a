/// The candidate merges of one word, lowest rank first and, within a rank, leftmost first
/// (the order the tokenizers library's merge heap pops them in).
struct BPEMergeQueue {
    struct Candidate {
        /// `rank << 32 | position`, so one integer comparison orders by rank, then position.
        let key: UInt64
        /// The id the merge produces, checked when popped: the pair at `position` may have changed since.
        let newId: Int32

        var position: Int { Int(truncatingIfNeeded: key & 0xFFFF_FFFF) }
    }

    private var heap: [Candidate] = []

    var isEmpty: Bool { heap.isEmpty }

    mutating func removeAll() { heap.removeAll(keepingCapacity: true) }

    mutating func push(rank: Int32, position: Int, newId: Int32) {
        heap.append(Candidate(key: UInt64(UInt32(bitPattern: rank)) << 32 | UInt64(UInt32(truncatingIfNeeded: position)), newId: newId))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].key < heap[parent].key else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Candidate? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { break }
            let right = left + 1
            let smaller = right < heap.count && heap[right].key < heap[left].key ? right : left
            guard heap[smaller].key < heap[parent].key else { break }
            heap.swapAt(parent, smaller)
            parent = smaller
        }
        return top
    }
}

import CHalf
import Dispatch

/// Rows the prefix scan kept, in row order, with their integer prefix scores and their prefix
/// counts against the full query: buffers sized once per scan (the kernel writes into them), so
/// a chunk costs no clearing or appending.
struct SelectedRows {
    private(set) var rows: [UInt32]
    private(set) var scores: [Int16]
    private(set) var counts: [UInt32]
    /// Rows held (the buffers' first `count` entries).
    private(set) var count = 0

    init(capacity: Int = 0) {
        rows = Self.buffer(capacity)
        scores = Self.buffer(capacity)
        counts = Self.buffer(capacity)
    }

    /// Room for `capacity` values that are written before they are read.
    private static func buffer<T: FixedWidthInteger>(_ capacity: Int) -> [T] {
        [T](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            // Integers have no invalid bit patterns; nothing past `count` is ever read.
            initialized = capacity
        }
    }

    /// Makes room for `more` rows after the first `count`.
    private mutating func reserve(_ more: Int) {
        let needed = count + more
        guard rows.count < needed else { return }
        let grown = max(needed, 2 * rows.count)
        rows += [UInt32](repeating: 0, count: grown - rows.count)
        scores += [Int16](repeating: 0, count: grown - scores.count)
        counts += [UInt32](repeating: 0, count: grown - counts.count)
    }

    /// Appends the rows of blocks `blockRange` scoring ≥ `threshold` (one kernel call).
    mutating func collect(_ blocks: SignCodeBlocks, _ query: SignCodeBlocks.Query, _ planes: SignCodes.Query,
                          blocks blockRange: Range<Int>, threshold: Int16, portable: Bool) {
        guard !blockRange.isEmpty else { return }
        reserve(blockRange.count * SignCodeBlocks.rowsPerBlock)
        let start = count, codes = blocks.codes
        let written = codes.blocks.withUnsafeBufferPointer { source in
            query.tables.withUnsafeBufferPointer { tables in
                planes.planes.withUnsafeBufferPointer { planeBuffer in
                    rows.withUnsafeMutableBufferPointer { rowBuffer in
                        scores.withUnsafeMutableBufferPointer { scoreBuffer in
                            counts.withUnsafeMutableBufferPointer { countBuffer in
                                let scan = portable ? signblock_scan_scalar : signblock_scan
                                return scan(source.baseAddress, blockRange.lowerBound, blockRange.count, codes.rows,
                                            tables.baseAddress, threshold, planeBuffer.baseAddress, codes.words,
                                            Int32(planes.bits), rowBuffer.baseAddress.map { $0 + start },
                                            scoreBuffer.baseAddress.map { $0 + start }, countBuffer.baseAddress.map { $0 + start })
                            }
                        }
                    }
                }
            }
        }
        count += written
    }

    /// The score of the `keep`-th best of `scores` (a histogram of the integer scores);
    /// Int16.min when there are fewer.
    static func cutoff<Scores: Collection<Int16>>(of scores: Scores, keeping keep: Int) -> Int16 {
        // Scores lie within ±192 · 15; the clamp only guards the histogram's bounds.
        let offset = 4096
        var histogram = [Int](repeating: 0, count: 2 * offset)
        for score in scores { histogram[min(2 * offset - 1, max(0, Int(score) + offset))] += 1 }
        var total = 0
        for bin in stride(from: 2 * offset - 1, through: 0, by: -1) {
            total += histogram[bin]
            if total >= keep { return Int16(bin - offset) }
        }
        return Int16.min
    }

    /// Keeps only the `keep` best rows (ties at the cutoff to the lower rows), so the buffers stay
    /// bounded; returns the cutoff, below which no later row can get in.
    mutating func raiseThreshold(keeping keep: Int) -> Int16 {
        let threshold = Self.cutoff(of: scores.prefix(count), keeping: keep)
        compact(above: threshold, keeping: keep)
        return threshold
    }

    /// Keeps the rows scoring above `threshold` and, of those at it, the lowest, `keep` in all.
    private mutating func compact(above threshold: Int16, keeping keep: Int) {
        var tiesLeft = keep - scores.prefix(count).lazy.filter { $0 > threshold }.count
        var kept = 0
        for i in 0..<count {
            let score = scores[i]
            guard score > threshold || (score == threshold && tiesLeft > 0) else { continue }
            if score == threshold { tiesLeft -= 1 }
            rows[kept] = rows[i]
            scores[kept] = score
            counts[kept] = counts[i]
            kept += 1
        }
        count = kept
    }

    /// Every row held, in row order. Hands over the buffers (no copy): the last use of these rows.
    mutating func selection() -> SignCodeBlocks.Selection {
        rows.removeLast(rows.count - count)
        scores.removeLast(scores.count - count)
        counts.removeLast(counts.count - count)
        return SignCodeBlocks.Selection(rows: rows, scores: scores, prefixCounts: counts)
    }
}

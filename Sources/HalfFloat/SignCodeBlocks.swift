import CHalf
import Dispatch

/// The first 192 sign bits of every row's code (`SignCodes`), 32 rows interleaved per block:
/// the first of approximate search's two passes at millions of rows. 24 bytes a row instead of
/// 52, so a 10,000,000-row scan reads 240 MB instead of 520 MB (128 bits recalled clearly
/// worse on synthetic rows mixed from real MiniLM vectors: 0.955 against 0.990 keeping 2%), and a query's 4-bit groups
/// are looked up for 32 rows at once with byte shuffles (`CHalf/sign_code_blocks.c`): a few
/// instructions a row, so the scan runs at memory speed. Scores are integers (the query is
/// quantized to ±15), which makes choosing the best rows a histogram, not a heap.
public struct SignCodeBlocks: Sendable {
    public let rows: Int
    /// [ceil(rows / 32) × 768] bytes; rows past `rows` in the last block are zero.
    public let blocks: [UInt8]
    /// Components the prefix covers (the first 192, fewer for smaller dimensions).
    public let prefixDimension: Int

    public static let rowsPerBlock = Int(SIGNBLOCK_ROWS)
    public static let prefixComponents = Int(SIGNBLOCK_PREFIX_BYTES) * 8
    static let bytesPerBlock = Int(SIGNBLOCK_BYTES)
    /// Largest |quantized query component|.
    public static let queryLimit = Int(SIGNBLOCK_QUERY_LIMIT)
    static let tableBytes = Int(SIGNBLOCK_TABLES) * 16

    public init(codes: SignCodes) {
        let blockCount = (codes.rows + Self.rowsPerBlock - 1) / Self.rowsPerBlock
        var blocks = [UInt8](repeating: 0, count: blockCount * Self.bytesPerBlock)
        codes.codes.withUnsafeBufferPointer { source in
            blocks.withUnsafeMutableBufferPointer { target in
                signblock_interleave(source.baseAddress, codes.rows, codes.words, target.baseAddress)
            }
        }
        self.rows = codes.rows
        self.blocks = blocks
        self.prefixDimension = min(codes.dimension, Self.prefixComponents)
    }

    public var blockCount: Int { blocks.count / Self.bytesPerBlock }
    public var byteCount: Int { blocks.count }

    /// A query's lookup tables: its first 192 components scaled so the largest is ±15 and
    /// rounded (non-finite components count as 0), 48 tables of 16 sums.
    public struct Query: Sendable {
        public let quantized: [Int8]
        public let tables: [Int8]
    }

    public func query(_ query: [Float]) -> Query {
        let prefix = query.prefix(prefixDimension).map { $0.isFinite ? $0 : 0 }
        let largest = prefix.reduce(Float(0)) { max($0, abs($1)) }
        let scale = largest > 0 ? Float(Self.queryLimit) / largest : 0
        var quantized = [Int8](repeating: 0, count: Self.prefixComponents)
        for (d, value) in prefix.enumerated() {
            let level = (value * scale).rounded()
            quantized[d] = Int8(max(-Float(Self.queryLimit), min(Float(Self.queryLimit), level)))
        }
        var tables = [Int8](repeating: 0, count: Self.tableBytes)
        quantized.withUnsafeBufferPointer { q in
            tables.withUnsafeMutableBufferPointer { signblock_tables(q.baseAddress, $0.baseAddress) }
        }
        return Query(quantized: quantized, tables: tables)
    }

    /// Scores of the rows of blocks `blockRange` into `scores` (32 per block, else nothing):
    /// Σ_{d<192} ±quantized[d], + where the row's bit is set.
    public func scores(_ query: Query, blocks blockRange: Range<Int>, into scores: UnsafeMutableBufferPointer<Int16>) {
        guard blockRange.lowerBound >= 0, blockRange.upperBound <= blockCount,
              scores.count == blockRange.count * Self.rowsPerBlock, query.tables.count == Self.tableBytes else { return }
        blocks.withUnsafeBufferPointer { source in
            query.tables.withUnsafeBufferPointer { tables in
                guard let base = source.baseAddress else { return }
                signblock_scores(base + blockRange.lowerBound * Self.bytesPerBlock, blockRange.count,
                                 tables.baseAddress, scores.baseAddress)
            }
        }
    }

    /// The scalar kernel's scores of every block, whatever the CPU (for checking the AVX2 path).
    public func portableScores(_ query: Query) -> [Int16] {
        var scores = [Int16](repeating: 0, count: blockCount * Self.rowsPerBlock)
        blocks.withUnsafeBufferPointer { source in
            query.tables.withUnsafeBufferPointer { tables in
                scores.withUnsafeMutableBufferPointer {
                    signblock_scores_scalar(source.baseAddress, blockCount, tables.baseAddress, $0.baseAddress)
                }
            }
        }
        return scores
    }

    /// The rows (in row order) of the `count` best scores, scanning every block, one slice of
    /// blocks per thread; of rows tied at the last score kept, the lower ones.
    public func best(_ query: Query, count: Int, slices: Int) -> [UInt32] {
        guard count > 0, rows > 0 else { return [] }
        if count >= rows { return (0..<rows).map { UInt32($0) } }
        let slices = max(1, min(slices, blockCount))
        let blocksPerSlice = (blockCount + slices - 1) / slices
        let perSlice = UnsafeMutableBufferPointer<SelectedRows>.allocate(capacity: slices)
        perSlice.initialize(repeating: SelectedRows())
        defer { perSlice.deinitialize(); perSlice.deallocate() }
        nonisolated(unsafe) let results = perSlice
        let blocks = self
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let first = slice * blocksPerSlice, end = min(blocks.blockCount, first + blocksPerSlice)
            guard first < end else { return }
            results[slice] = blocks.scan(query, blocks: first..<end, keep: count)
        }
        var merged = SelectedRows()
        for slice in perSlice { merged.append(slice) }
        return merged.best(count)
    }

    /// One slice's scan: scores a chunk of blocks at a time (small enough for L1) and keeps the
    /// rows at or above a threshold that rises whenever twice `keep` rows have gathered: its
    /// `keep` best rows, ties to the lower rows.
    private func scan(_ query: Query, blocks blockRange: Range<Int>, keep: Int) -> SelectedRows {
        let chunkBlocks = 64, chunkRows = chunkBlocks * Self.rowsPerBlock
        var selected = SelectedRows(capacity: 2 * keep + chunkRows)
        var scores = [Int16](repeating: 0, count: chunkRows)
        var threshold = Int16.min
        scores.withUnsafeMutableBufferPointer { buffer in
            var block = blockRange.lowerBound
            while block < blockRange.upperBound {
                let end = min(blockRange.upperBound, block + chunkBlocks)
                let chunk = UnsafeMutableBufferPointer(rebasing: buffer[0 ..< (end - block) * Self.rowsPerBlock])
                self.scores(query, blocks: block..<end, into: chunk)
                let firstRow = block * Self.rowsPerBlock
                let valid = max(0, min(chunk.count, rows - firstRow))
                selected.collect(UnsafeBufferPointer(rebasing: chunk[0..<valid]), threshold: threshold, firstRow: firstRow)
                if selected.count > 2 * keep { threshold = selected.raiseThreshold(keeping: keep) }
                block = end
            }
        }
        return selected
    }
}

/// Rows and their integer first-pass scores, in row order.
struct SelectedRows {
    private(set) var rows: [UInt32] = []
    private(set) var scores: [Int16] = []

    init(capacity: Int = 0) {
        rows = [UInt32](repeating: 0, count: capacity)
        scores = [Int16](repeating: 0, count: capacity)
        rows.removeAll(keepingCapacity: true)
        scores.removeAll(keepingCapacity: true)
    }

    var count: Int { rows.count }

    /// Appends the rows of `chunk` (row `firstRow + i` scored `chunk[i]`) scoring ≥ `threshold`.
    mutating func collect(_ chunk: UnsafeBufferPointer<Int16>, threshold: Int16, firstRow: Int) {
        guard !chunk.isEmpty else { return }
        let before = rows.count
        rows.append(contentsOf: repeatElement(0, count: chunk.count))
        scores.append(contentsOf: repeatElement(0, count: chunk.count))
        let written = rows.withUnsafeMutableBufferPointer { rowBuffer in
            scores.withUnsafeMutableBufferPointer { scoreBuffer in
                signblock_collect(chunk.baseAddress, chunk.count, threshold, UInt32(truncatingIfNeeded: firstRow),
                                  rowBuffer.baseAddress.map { $0 + before }, scoreBuffer.baseAddress.map { $0 + before })
            }
        }
        rows.removeLast(chunk.count - written)
        scores.removeLast(chunk.count - written)
    }

    mutating func append(_ other: SelectedRows) {
        rows.append(contentsOf: other.rows)
        scores.append(contentsOf: other.scores)
    }

    /// The score of the `keep`-th best row (a histogram of the integer scores).
    private func cutoff(keeping keep: Int) -> Int16 {
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

    /// Keeps only the `keep` best rows (ties at the cutoff to the lower rows), so the list stays
    /// bounded; returns the cutoff, below which no later row can get in.
    mutating func raiseThreshold(keeping keep: Int) -> Int16 {
        let threshold = cutoff(keeping: keep)
        var tiesLeft = keep - scores.lazy.filter { $0 > threshold }.count
        var kept = 0
        for i in 0..<rows.count {
            let score = scores[i]
            guard score > threshold || (score == threshold && tiesLeft > 0) else { continue }
            if score == threshold { tiesLeft -= 1 }
            rows[kept] = rows[i]
            scores[kept] = score
            kept += 1
        }
        rows.removeLast(rows.count - kept)
        scores.removeLast(scores.count - kept)
        return threshold
    }

    /// The rows of the `count` best scores, in row order; ties at the cutoff go to lower rows.
    func best(_ count: Int) -> [UInt32] {
        guard rows.count > count else { return rows }
        let threshold = cutoff(keeping: count)
        var above = 0
        for score in scores where score > threshold { above += 1 }
        var tiesLeft = count - above
        var chosen: [UInt32] = []
        chosen.reserveCapacity(count)
        for i in 0..<rows.count {
            if scores[i] > threshold {
                chosen.append(rows[i])
            } else if scores[i] == threshold, tiesLeft > 0 {
                chosen.append(rows[i])
                tiesLeft -= 1
            }
        }
        return chosen
    }
}

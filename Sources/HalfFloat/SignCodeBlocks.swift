import CHalf
import Dispatch

/// The prefix pass of approximate search at millions of rows: the first 192 sign bits of every
/// row, as `SignCodes` keeps them (32 rows interleaved per block), scored against the query. 24
/// bytes a row instead of 52, so a 10,000,000-row scan reads 240 MB instead of 520 MB (128 bits
/// recalled clearly worse on synthetic rows mixed from real MiniLM vectors: 0.955 against 0.990
/// keeping 2%), and a query's 4-bit groups are looked up for 32 rows at once with byte shuffles
/// (`CHalf/sign_code_blocks.c`): a few instructions a row. Scores are integers (the query is
/// quantized to ±15), which makes choosing the best rows a histogram, not a heap.
///
/// The scan starts from a threshold estimated on a seeded sample of blocks, so almost every
/// row is dropped by one compare in registers; a row kept has its prefix counted against the
/// full query there and then (`Selection.prefixCounts`), while its block is in cache, so the
/// full estimate reads only the rest of its code. The rows chosen are exactly the `count` best
/// by (score, lower row): a sample that guessed too high is noticed and the scan runs again
/// from no threshold.
public struct SignCodeBlocks: Sendable {
    /// The codes whose blocks are scanned (shared, not copied).
    public let codes: SignCodes
    /// Components the prefix covers (the first 192, fewer for smaller dimensions).
    public let prefixDimension: Int

    public static let rowsPerBlock = SignCodes.rowsPerBlock
    public static let prefixComponents = Int(SIGNBLOCK_PREFIX_BYTES) * 8
    /// Largest |quantized query component|.
    public static let queryLimit = Int(SIGNBLOCK_QUERY_LIMIT)
    static let tableBytes = Int(SIGNBLOCK_TABLES) * 16
    /// Blocks scored to estimate the starting threshold: 32,768 rows, so at 10,000,000 rows
    /// keeping 2% the sample holds ~655 rows above the cut (±26), at a cost of 0.3% of the scan.
    public static let defaultSampleBlocks = 1024
    /// The fewest blocks a smaller corpus's sample scores (2,048 rows).
    static let smallestSample = 64

    public init(codes: SignCodes) {
        self.codes = codes
        self.prefixDimension = min(codes.dimension, Self.prefixComponents)
    }

    public var rows: Int { codes.rows }
    public var blockCount: Int { codes.blockCount }

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
        codes.blocks.withUnsafeBufferPointer { source in
            query.tables.withUnsafeBufferPointer { tables in
                guard let base = source.baseAddress else { return }
                signblock_scores(base + blockRange.lowerBound * SignCodes.bytesPerBlock, blockRange.count,
                                 tables.baseAddress, scores.baseAddress)
            }
        }
    }

    /// The scalar kernel's scores of every block, whatever the CPU (for checking the AVX2 path).
    public func portableScores(_ query: Query) -> [Int16] {
        var scores = [Int16](repeating: 0, count: blockCount * Self.rowsPerBlock)
        codes.blocks.withUnsafeBufferPointer { source in
            query.tables.withUnsafeBufferPointer { tables in
                scores.withUnsafeMutableBufferPointer {
                    signblock_scores_scalar(source.baseAddress, blockCount, tables.baseAddress, $0.baseAddress)
                }
            }
        }
        return scores
    }

    /// Rows of one scan (in row order) with their prefix scores and their prefix counts against
    /// the full query (`(ones) | (weighted << 16)`, as `SignCodes.estimates(_:ofRows:prefixCounts:into:)` takes).
    public struct Selection: Sendable {
        public let rows: [UInt32]
        public let scores: [Int16]
        public let prefixCounts: [UInt32]
    }

    /// One kernel call's output, the AVX2 path or the portable one (for checking one against
    /// the other): rows of blocks `blockRange` scoring ≥ `threshold`.
    public func scan(_ query: Query, planes: SignCodes.Query, blocks blockRange: Range<Int>, threshold: Int16,
                     portable: Bool = false) -> Selection {
        var selected = SelectedRows(capacity: blockRange.count * Self.rowsPerBlock)
        guard blockRange.lowerBound >= 0, blockRange.upperBound <= blockCount else { return selected.selection() }
        selected.collect(self, query, planes, blocks: blockRange, threshold: threshold, portable: portable)
        return selected.selection()
    }

    /// The `count` best rows by (score, lower row first), in row order, scanning every block,
    /// one slice of blocks per thread. The starting threshold is `startingThreshold` when given
    /// (tests force one), else estimated on `sampleBlocks` blocks; either way the rows are the same.
    public func best(_ query: Query, planes: SignCodes.Query, count: Int, slices: Int,
                     sampleBlocks: Int = defaultSampleBlocks, startingThreshold: Int16? = nil) -> Selection {
        guard count > 0, rows > 0, query.tables.count == Self.tableBytes,
              planes.planes.count == planes.bits * codes.words else {
            var none = SelectedRows()
            return none.selection()
        }
        let slices = max(1, min(slices, blockCount))
        let start = startingThreshold ?? sampledThreshold(query, keeping: count, sampleBlocks: sampleBlocks, slices: slices)
        var scanned = scanAll(query, planes: planes, keep: count, slices: slices, threshold: start)
        // Fewer than `count` rows reached the threshold (none was dropped then): the count-th
        // best lies below it, so rows it skipped belong in the answer.
        if scanned.reduce(0, { $0 + $1.count }) < count, start > Int16.min {
            scanned = scanAll(query, planes: planes, keep: count, slices: slices, threshold: .min)
        }
        return SelectedRows.merged(scanned, bestOf: count)
    }

    /// Every slice scanned from `threshold`, in row order: together a superset of the `keep`
    /// best rows when they hold at least `keep`.
    private func scanAll(_ query: Query, planes: SignCodes.Query, keep: Int, slices: Int, threshold: Int16) -> [SelectedRows] {
        let blocksPerSlice = (blockCount + slices - 1) / slices
        let perSlice = UnsafeMutableBufferPointer<SelectedRows>.allocate(capacity: slices)
        perSlice.initialize(repeating: SelectedRows())
        defer { perSlice.deinitialize(); perSlice.deallocate() }
        nonisolated(unsafe) let results = perSlice
        let blocks = self
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let first = slice * blocksPerSlice, end = min(blocks.blockCount, first + blocksPerSlice)
            guard first < end else { return }
            results[slice] = blocks.scanSlice(query, planes: planes, blocks: first..<end, keep: keep, threshold: threshold)
        }
        return Array(perSlice)
    }

    /// One slice's scan, a chunk of blocks per kernel call: keeps the rows at or above a
    /// threshold that starts at `threshold` and rises whenever twice `keep` rows have gathered
    /// (to the slice's `keep`-th best, ties to the lower rows). It does not rise when the
    /// sample's threshold was right.
    private func scanSlice(_ query: Query, planes: SignCodes.Query, blocks blockRange: Range<Int>, keep: Int,
                           threshold start: Int16) -> SelectedRows {
        let chunkBlocks = 256
        let keepBound = min(keep, blockRange.count * Self.rowsPerBlock)
        var selected = SelectedRows(capacity: 2 * keepBound + chunkBlocks * Self.rowsPerBlock)
        var threshold = start
        var block = blockRange.lowerBound
        while block < blockRange.upperBound {
            let end = min(blockRange.upperBound, block + chunkBlocks)
            selected.collect(self, query, planes, blocks: block..<end, threshold: threshold, portable: false)
            if selected.count > 2 * keep { threshold = max(threshold, selected.raiseThreshold(keeping: keep)) }
            block = end
        }
        return selected
    }

    /// A threshold at which, going by a seeded sample of whole blocks spread over the corpus,
    /// comfortably more than `keep` rows score (1.2 × the share expected plus four standard
    /// deviations); Int16.min (no threshold) when the corpus is too small for a sample to save
    /// anything or the share kept is too large for one to cut. A corpus of fewer than eight
    /// times `sampleBlocks` blocks is sampled on an eighth of its blocks, at least
    /// `smallestSample` (without a threshold the scan keeps every row of its first chunk and
    /// counts each against the whole query: at 100,000 rows that made the pass cost as much as
    /// estimating every row).
    func sampledThreshold(_ query: Query, keeping keep: Int, sampleBlocks requested: Int, slices: Int) -> Int16 {
        // The last block may hold rows past the end: it is never sampled.
        let candidates = blockCount - 1
        let sampleBlocks = min(requested, candidates / 8)
        guard sampleBlocks > 0, sampleBlocks >= min(requested, Self.smallestSample) else { return .min }
        let sampledRows = sampleBlocks * Self.rowsPerBlock
        let expected = Double(keep) / Double(rows) * Double(sampledRows)
        let wanted = Int((1.2 * expected + 4 * expected.squareRoot() + 1).rounded(.up))
        guard wanted < sampledRows / 2 else { return .min }
        // One block from each of `sampleBlocks` equal strata, at a seeded place within it.
        var state: UInt64 = 0x5EED_0F_B10C5
        let chosen: [Int] = (0..<sampleBlocks).map { stratum in
            let low = stratum * candidates / sampleBlocks, high = (stratum + 1) * candidates / sampleBlocks
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            mixed ^= mixed >> 31
            return low + Int(mixed % UInt64(max(1, high - low)))
        }
        var scores = [Int16](repeating: 0, count: sampledRows)
        scores.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            let perSlice = (sampleBlocks + slices - 1) / slices
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                // Clamped both ends: with many cores the last slices may get none.
                for i in min(sampleBlocks, slice * perSlice) ..< min(sampleBlocks, (slice + 1) * perSlice) {
                    let block = chosen[i]
                    self.scores(query, blocks: block ..< block + 1,
                                into: UnsafeMutableBufferPointer(rebasing: out[i * Self.rowsPerBlock ..< (i + 1) * Self.rowsPerBlock]))
                }
            }
        }
        return SelectedRows.cutoff(of: scores, keeping: wanted)
    }
}

import CHalf
import Dispatch
import Foundation

/// One sign bit per component of each row's offset from a centre, and a per-row scale:
/// the compact first-pass code of approximate search (48 bytes + 4 for a 384-dimension row,
/// against 768 for f16). A query's score against a row is estimated with popcounts of the
/// code against the query's bit planes (`SignCodes.Query`), then the best candidates are
/// re-scored exactly from the matrix.
///
/// Each bit is stored once, in the order the two passes read it: the first 192 bits of every
/// row interleaved 32 rows to a block (`blocks`, what the prefix pass of `SignCodeBlocks`
/// scans), the rest of each row after one another (`tails`), the scales apart. At 10,000,000
/// rows that is 520 MB; keeping the whole codes and a copy of their prefixes took 760 MB.
///
/// Rows are centred first because sentence embeddings share a large common direction: the
/// signs of raw components would mostly agree between any two rows and say little.
public struct SignCodes: Sendable, Equatable {
    public let rows: Int
    public let dimension: Int
    /// 64-bit words per row's code.
    public let words: Int
    /// [ceil(rows / 32) × 768] bytes: byte j of row r's code (bits 8j…8j+7, j < 24) at
    /// 768 · (r / 32) + 32 · j + r % 32; zero past the code and past the last row.
    public let blocks: [UInt8]
    /// [rows × tailWords]: words 3… of each row's code.
    public let tails: [UInt64]
    /// α per row: the mean |component − centre|, so row − centre ≈ α · (±1 per bit).
    public let scales: [Float]
    /// The subtracted centre (a mean of rows, made unit length first when `normalize`).
    public let centre: [Float]
    /// Whether rows were scaled to unit length before coding (cosine scoring).
    public let normalize: Bool

    /// Rows per prefix block, and the code words each row keeps in the blocks.
    public static let rowsPerBlock = Int(SIGNBLOCK_ROWS)
    public static let prefixWords = Int(SIGNBLOCK_PREFIX_WORDS)
    public static let bytesPerBlock = Int(SIGNBLOCK_BYTES)

    /// Words of each row kept in `tails`.
    public var tailWords: Int { Self.tailWords(words: words) }
    static func tailWords(words: Int) -> Int { max(0, words - prefixWords) }
    /// Prefix blocks for `rows` rows.
    public static func blockCount(rows: Int) -> Int { (rows + rowsPerBlock - 1) / rowsPerBlock }
    public var blockCount: Int { Self.blockCount(rows: rows) }

    /// Codes for the `rows × dimension` components of `storage`; nil when the sizes disagree.
    /// The centre is the mean of at most 65,536 evenly spaced rows (enough for a mean; the
    /// codes of a 10M corpus should not cost a third pass). Built on every core.
    public init?(storage: MatrixStorage, rows: Int, dimension: Int, normalize: Bool) {
        guard dimension > 0, rows >= 0, storage.count == rows * dimension else { return nil }
        let centre = Self.sampledMean(storage, rows: rows, dimension: dimension, normalize: normalize)
        self.init(storage: storage, rows: rows, dimension: dimension, normalize: normalize, centre: centre)
    }

    /// Codes around a given centre (`centre.count == dimension`, else nil).
    public init?(storage: MatrixStorage, rows: Int, dimension: Int, normalize: Bool, centre: [Float]) {
        guard dimension > 0, rows >= 0, storage.count == rows * dimension, centre.count == dimension else { return nil }
        let words = (dimension + 63) / 64, tailWords = Self.tailWords(words: words)
        var blocks = [UInt8](repeating: 0, count: Self.blockCount(rows: rows) * Self.bytesPerBlock)
        var tails = [UInt64](repeating: 0, count: rows * tailWords)
        var scales = [Float](repeating: 0, count: rows)
        // Slices of whole blocks, so no two threads write one block.
        let slices = rows < 4096 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        let blocksPerSlice = (Self.blockCount(rows: rows) + slices - 1) / slices
        blocks.withUnsafeMutableBufferPointer { blockBuffer in
            tails.withUnsafeMutableBufferPointer { tailBuffer in
                scales.withUnsafeMutableBufferPointer { scaleBuffer in
                    centre.withUnsafeBufferPointer { centreBuffer in
                        nonisolated(unsafe) let blockBase = blockBuffer.baseAddress, tailBase = tailBuffer.baseAddress
                        nonisolated(unsafe) let scaleBase = scaleBuffer.baseAddress, centreBase = centreBuffer.baseAddress
                        DispatchQueue.concurrentPerform(iterations: slices) { slice in
                            let start = min(rows, slice * blocksPerSlice * Self.rowsPerBlock)
                            let end = min(rows, start + blocksPerSlice * Self.rowsPerBlock)
                            guard start < end, let blockBase, let scaleBase, let centreBase else { return }
                            // Whole codes only a chunk at a time, filed straight into the layout.
                            var chunkCodes = [UInt64](repeating: 0, count: Self.chunkRows * words)
                            chunkCodes.withUnsafeMutableBufferPointer { codeBuffer in
                                Self.forEachChunk(storage, rows: start..<end, dimension: dimension) { chunkStart, floats in
                                    let count = floats.count / dimension
                                    signcode_encode(floats.baseAddress, count, dimension, centreBase, normalize ? 1 : 0,
                                                    codeBuffer.baseAddress, scaleBase + chunkStart)
                                    signcode_store(codeBuffer.baseAddress, count, words, chunkStart, blockBase, tailBase)
                                }
                            }
                        }
                    }
                }
            }
        }
        self.rows = rows
        self.dimension = dimension
        self.words = words
        self.blocks = blocks
        self.tails = tails
        self.scales = scales
        self.centre = centre
        self.normalize = normalize
    }

    /// Codes read back from where they were kept (the cache's sidecar); nil unless the parts
    /// fit together (`blocks` for `rows`, `tails` rows × tail words, `scales` rows, `centre` dimension).
    public init?(rows: Int, dimension: Int, normalize: Bool, centre: [Float], scales: [Float], blocks: [UInt8], tails: [UInt64]) {
        let words = (dimension + 63) / 64
        guard dimension > 0, rows >= 0, centre.count == dimension, scales.count == rows,
              blocks.count == Self.blockCount(rows: rows) * Self.bytesPerBlock,
              tails.count == rows * Self.tailWords(words: words) else { return nil }
        self.rows = rows
        self.dimension = dimension
        self.words = words
        self.blocks = blocks
        self.tails = tails
        self.scales = scales
        self.centre = centre
        self.normalize = normalize
    }

    /// Bytes the codes and scales take.
    public var byteCount: Int { blocks.count + tails.count * 8 + scales.count * 4 }

    /// Row `row`'s whole code, `words` words, read back from the layout (tests, references).
    public func code(ofRow row: Int) -> [UInt64] {
        guard row >= 0, row < rows else { return [] }
        return blocks.withUnsafeBufferPointer { blockBuffer in
            tails.withUnsafeBufferPointer { tailBuffer in
                (0..<words).map { signcode_word(blockBuffer.baseAddress, tailBuffer.baseAddress, words, row, $0) }
            }
        }
    }

    /// A query quantized to `bits` bits per component (its minimum + step × level) and cut
    /// into bit planes, so a row's estimate is a handful of popcounts.
    public struct Query: Sendable {
        public let bits: Int
        /// [bits × words]: plane b holds bit b of every component's level.
        public let planes: [UInt64]
        public let low: Float
        public let step: Float
        /// Σ of the quantized components.
        public let sum: Float
        /// The levels of the first 192 components summed per nibble (48 tables of 16), for
        /// counting 32 rows of the prefix blocks at once.
        public let prefixTables: [UInt8]
    }

    /// The query planes of `query` (length `dimension`); `bits` is clamped to 1…5.
    public func query(_ query: [Float], bits: Int) -> Query {
        let bits = min(5, max(1, bits))
        let levels = Float((1 << bits) - 1)
        let low = query.min() ?? 0, high = query.max() ?? 0
        let step = high > low ? (high - low) / levels : 1
        var planes = [UInt64](repeating: 0, count: bits * words)
        var sum: Float = 0
        for (d, value) in query.prefix(dimension).enumerated() {
            let level = min(Int(levels), max(0, Int(((value - low) / step).rounded())))
            sum += low + step * Float(level)
            for b in 0..<bits where level & (1 << b) != 0 {
                planes[b * words + d / 64] |= UInt64(1) << UInt64(d % 64)
            }
        }
        var tables = [UInt8](repeating: 0, count: Int(SIGNBLOCK_TABLES) * 16)
        planes.withUnsafeBufferPointer { planeBuffer in
            tables.withUnsafeMutableBufferPointer { signcode_prefix_tables(planeBuffer.baseAddress, words, Int32(bits), $0.baseAddress) }
        }
        return Query(bits: bits, planes: planes, low: low, step: step, sum: sum, prefixTables: tables)
    }

    /// The estimate from a row's counts: its set bits (`ones`) and Σ of the query's levels
    /// over them (`weighted`). Every kernel ends in this one C expression.
    public static func estimate(scale: Float, ones: UInt32, weighted: UInt32, query: Query) -> Float {
        signcode_combine(scale, ones, weighted, query.low, query.step, query.sum)
    }

    /// The estimates of `query · (row − centre)` for `rowRange` into `estimates` (same count, else nothing).
    public func estimates(_ query: Query, rows rowRange: Range<Int>, into estimates: UnsafeMutableBufferPointer<Float>) {
        guard rowRange.lowerBound >= 0, rowRange.upperBound <= rows, estimates.count == rowRange.count,
              query.planes.count == query.bits * words, let out = estimates.baseAddress else { return }
        withLayout { blockBase, tailBase, scaleBase in
            query.planes.withUnsafeBufferPointer { planes in
                query.prefixTables.withUnsafeBufferPointer { tables in
                    signcode_estimates(blockBase, tailBase, scaleBase, words, rowRange.lowerBound, rowRange.count,
                                       planes.baseAddress, tables.baseAddress, Int32(query.bits),
                                       query.low, query.step, query.sum, out)
                }
            }
        }
    }

    /// The estimates of the rows listed in `rows` (all < `rows`, else nothing) whose prefix
    /// counts the prefix pass took (`SignCodeBlocks.Selection.prefixCounts`) into `estimates`:
    /// only their tails and scales are read.
    public func estimates(_ query: Query, ofRows listed: ArraySlice<UInt32>, prefixCounts: ArraySlice<UInt32>,
                          into estimates: UnsafeMutableBufferPointer<Float>) {
        guard estimates.count == listed.count, prefixCounts.count == listed.count,
              query.planes.count == query.bits * words, listed.allSatisfy({ Int($0) < rows }) else { return }
        withLayout { _, tailBase, scaleBase in
            query.planes.withUnsafeBufferPointer { planes in
                listed.withUnsafeBufferPointer { rowBuffer in
                    prefixCounts.withUnsafeBufferPointer { countBuffer in
                        signcode_estimates_of_rows(tailBase, scaleBase, words, rowBuffer.baseAddress, countBuffer.baseAddress,
                                                   listed.count, planes.baseAddress, Int32(query.bits),
                                                   query.low, query.step, query.sum, estimates.baseAddress)
                    }
                }
            }
        }
    }

    /// The whole codes ([rows × words]) and scales of `floats` (rows × `dimension`) around
    /// `centre`, by the path the CPU takes (`portable` false) or the scalar one: for checking
    /// the AVX2 encoder against. Empty when the sizes disagree.
    public static func encodedRows(_ floats: [Float], dimension: Int, centre: [Float], normalize: Bool,
                                   portable: Bool) -> (codes: [UInt64], scales: [Float]) {
        guard dimension > 0, floats.count % dimension == 0, centre.count == dimension else { return ([], []) }
        let rows = floats.count / dimension, words = (dimension + 63) / 64
        var codes = [UInt64](repeating: 0, count: rows * words)
        var scales = [Float](repeating: 0, count: rows)
        let encode = portable ? signcode_encode_scalar : signcode_encode
        floats.withUnsafeBufferPointer { rowBuffer in
            centre.withUnsafeBufferPointer { centreBuffer in
                codes.withUnsafeMutableBufferPointer { codeBuffer in
                    scales.withUnsafeMutableBufferPointer { scaleBuffer in
                        encode(rowBuffer.baseAddress, rows, dimension, centreBuffer.baseAddress, normalize ? 1 : 0,
                               codeBuffer.baseAddress, scaleBuffer.baseAddress)
                    }
                }
            }
        }
        return (codes, scales)
    }

    /// True when the estimates use the AVX2 kernel.
    public static var usesAVX2: Bool { signcode_uses_avx2() != 0 }

    /// The scalar kernel, whatever the CPU: for checking the AVX2 path against.
    public func portableEstimates(_ query: Query) -> [Float] {
        var estimates = [Float](repeating: 0, count: rows)
        guard query.planes.count == query.bits * words else { return estimates }
        withLayout { blockBase, tailBase, scaleBase in
            query.planes.withUnsafeBufferPointer { planes in
                estimates.withUnsafeMutableBufferPointer { out in
                    signcode_estimates_scalar(blockBase, tailBase, scaleBase, words, 0, rows, planes.baseAddress,
                                              Int32(query.bits), query.low, query.step, query.sum, out.baseAddress)
                }
            }
        }
        return estimates
    }

    /// The three arrays' base addresses (nil only for empty arrays, which no kernel reads then).
    func withLayout<R>(_ body: (UnsafePointer<UInt8>?, UnsafePointer<UInt64>?, UnsafePointer<Float>?) -> R) -> R {
        blocks.withUnsafeBufferPointer { blockBuffer in
            tails.withUnsafeBufferPointer { tailBuffer in
                scales.withUnsafeBufferPointer { body(blockBuffer.baseAddress, tailBuffer.baseAddress, $0.baseAddress) }
            }
        }
    }

    /// Rows coded per chunk (f16 is widened a chunk at a time).
    private static let chunkRows = 256

    /// Calls `body` with consecutive f32 chunks (≤ 256 rows) of `rowRange`, widening f16 a
    /// chunk at a time (a full f32 copy is what f16 storage avoids).
    private static func forEachChunk(_ storage: MatrixStorage, rows rowRange: Range<Int>, dimension: Int,
                                     _ body: (Int, UnsafeBufferPointer<Float>) -> Void) {
        storage.withFloats { source in
            var start = rowRange.lowerBound
            while start < rowRange.upperBound {
                let end = min(rowRange.upperBound, start + chunkRows)
                body(start, UnsafeBufferPointer(rebasing: source[start * dimension ..< end * dimension]))
                start = end
            }
        }
        guard storage.isHalf else { return }
        var widened = [Float](repeating: 0, count: chunkRows * dimension)
        storage.withHalves { source in
            widened.withUnsafeMutableBufferPointer { buffer in
                var start = rowRange.lowerBound
                while start < rowRange.upperBound {
                    let end = min(rowRange.upperBound, start + chunkRows)
                    let chunk = UnsafeMutableBufferPointer(rebasing: buffer[0 ..< (end - start) * dimension])
                    HalfKernels.decode(UnsafeBufferPointer(rebasing: source[start * dimension ..< end * dimension]), into: chunk)
                    body(start, UnsafeBufferPointer(chunk))
                    start = end
                }
            }
        }
    }

    /// The mean of up to 65,536 evenly spaced rows (each made unit length first when `normalize`).
    private static func sampledMean(_ storage: MatrixStorage, rows: Int, dimension: Int, normalize: Bool) -> [Float] {
        guard rows > 0 else { return [Float](repeating: 0, count: dimension) }
        let stride = max(1, rows / 65_536)
        var sum = [Double](repeating: 0, count: dimension)
        var sampled = 0
        var row = [Float](repeating: 0, count: dimension)
        func add(_ values: UnsafeBufferPointer<Float>) {
            var squares = 0.0
            for value in values { squares += Double(value) * Double(value) }
            let scale = normalize ? (squares > 0 ? 1 / squares.squareRoot() : 0) : 1
            for d in 0..<dimension { sum[d] += Double(values[d]) * scale }
            sampled += 1
        }
        storage.withFloats { source in
            for index in Swift.stride(from: 0, to: rows, by: stride) {
                add(UnsafeBufferPointer(rebasing: source[index * dimension ..< (index + 1) * dimension]))
            }
        }
        storage.withHalves { source in
            row.withUnsafeMutableBufferPointer { buffer in
                for index in Swift.stride(from: 0, to: rows, by: stride) {
                    HalfKernels.decode(UnsafeBufferPointer(rebasing: source[index * dimension ..< (index + 1) * dimension]), into: buffer)
                    add(UnsafeBufferPointer(buffer))
                }
            }
        }
        return sum.map { Float($0 / Double(max(1, sampled))) }
    }
}

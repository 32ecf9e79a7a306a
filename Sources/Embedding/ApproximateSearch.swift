import Dispatch
import Foundation
import HalfFloat
import Inference

/// Approximate nearest-neighbour search for large corpora: a first pass over compact sign
/// codes (`SignCodes`, 52 bytes a 384-dimension row, scanned with AVX2 popcounts) keeps the
/// `candidateFactor × k` rows with the best estimates; those are re-scored exactly from the
/// matrix (`NeighbourSearch.rescore`), so every score reported is exact and only a missed
/// neighbour can differ from exact search.
///
/// From `defaultTwoStageRows` rows on, a cheaper pass comes first: the first 192 sign bits of
/// every row (`SignCodeBlocks`, 24 bytes a row, looked up 32 rows at a time) keep the best
/// `firstPassShare` of the rows (at least `firstPassFactor × candidateFactor × k`), and only
/// those get the full-code estimate. At 10,000,000 rows the codes are 520 MB, more than a
/// keystroke's worth of memory traffic; the prefixes are 240 MB. The codes keep those prefixes
/// only in the blocks the prefix pass scans, and the pass counts a kept row's prefix against
/// the full query while its block is in cache, so the full estimate reads just the row's
/// remaining 24 bytes and its scale. The prefix pass starts from a threshold estimated on a
/// seeded sample of blocks, so most rows cost one compare; the rows it keeps are exactly those
/// a scan from no threshold keeps.
///
/// The defaults were measured on real embeddings: the 100,000-sentence Debian corpus with
/// all-MiniLM-L6-v2, f16, 1,000 held-out queries (see the README's *Approximate search*).
public struct ApproximateSearch: Sendable {
    /// Corpora with at least this many items are searched approximately unless asked otherwise.
    public static let defaultThreshold = 500_000
    /// Candidates re-scored per result wanted: 200 (2,000 for top-10) gave recall@10 0.9945 on
    /// 1,000,000 synthetic rows mixed from real MiniLM vectors (100 gave 0.975), and 10 already
    /// 0.995 on 10,000 real Debian sentences; the scan, not the re-scoring, dominates the time.
    public static let defaultCandidateFactor = 200
    /// Bits per query component in the first pass.
    public static let defaultQueryBits = 4
    /// Corpora with at least this many rows get the prefix pass first: on the 100,000 real
    /// Debian sentences (1,000 held-out queries, 2 cores) it took a query from 1.37 to 0.92 ms
    /// at 500 candidates (recall@10 0.9999 / 0.9991); at 2,000 both took ~1.6 ms (1.55 / 1.58) at 1.0000.
    public static let defaultTwoStageRows = 100_000
    /// Rows kept by the prefix pass per candidate re-scored, at least.
    public static let defaultFirstPassFactor = 10
    /// Share of all rows the prefix pass keeps: on 1,000,000 rows mixed from real MiniLM
    /// vectors (numpy simulation of these codes, 100 queries), keeping 0.5 / 1 / 2 / 5% gave
    /// recall@10 0.949 / 0.974 / 0.990 / 0.997, against 0.997 for the one-pass path.
    public static let defaultFirstPassShare = 0.02

    public let exact: NeighbourSearch
    public let codes: SignCodes
    public let candidateFactor: Int
    public let queryBits: Int
    /// The prefix pass over the codes' blocks: nil below the two-stage size.
    public let blocks: SignCodeBlocks?
    public let firstPassFactor: Int
    public let firstPassShare: Double
    /// Blocks the prefix pass samples for its starting threshold.
    public let prefixSampleBlocks: Int

    /// Codes for `exact`'s matrix; nil for distance similarities (euclidean, manhattan),
    /// whose ranking the sign codes do not estimate: those stay exact.
    /// `stored` codes (kept from an earlier open) are used when they fit the matrix.
    /// `twoStageRows`: the corpus size from which the prefix pass runs first.
    public init?(exact: NeighbourSearch, stored: SignCodes? = nil, candidateFactor: Int = defaultCandidateFactor,
                 queryBits: Int = defaultQueryBits, twoStageRows: Int = defaultTwoStageRows,
                 firstPassFactor: Int = defaultFirstPassFactor, firstPassShare: Double = defaultFirstPassShare,
                 prefixSampleBlocks: Int = SignCodeBlocks.defaultSampleBlocks) {
        guard Self.supports(exact.similarity) else { return nil }
        let normalize = Self.normalizes(exact.similarity)
        let codes: SignCodes
        if let stored, stored.rows == exact.rows, stored.dimension == exact.dimension, stored.normalize == normalize {
            codes = stored
        } else {
            guard let built = SignCodes(storage: exact.storage, rows: exact.rows, dimension: exact.dimension, normalize: normalize)
            else { return nil }
            codes = built
        }
        self.exact = exact
        self.codes = codes
        self.candidateFactor = max(1, candidateFactor)
        self.queryBits = queryBits
        self.blocks = codes.rows >= twoStageRows ? SignCodeBlocks(codes: codes) : nil
        self.firstPassFactor = max(1, firstPassFactor)
        self.firstPassShare = firstPassShare.isFinite ? min(1, max(0, firstPassShare)) : Self.defaultFirstPassShare
        self.prefixSampleBlocks = max(0, prefixSampleBlocks)
    }

    /// Rows the prefix pass keeps when `count` candidates are wanted; nil when it does not run
    /// (no blocks, or a corpus too small for it to save anything).
    public func prefixPassRows(forCandidates count: Int) -> Int? {
        let (least, overflow) = count.multipliedReportingOverflow(by: firstPassFactor)
        let keep = max(least, Int(Double(codes.rows) * firstPassShare))
        guard blocks != nil, !overflow, keep <= codes.rows / 4 else { return nil }
        return keep
    }

    /// Bytes of the first-pass codes (the prefix pass scans part of them, no copy).
    public var codeBytes: Int { codes.byteCount }

    /// Whether sign codes estimate this similarity's ranking (not the distances').
    public static func supports(_ similarity: SimilarityFunction) -> Bool { similarity == .cosine || similarity == .dot }

    /// Whether rows are made unit length before coding (cosine scoring).
    public static func normalizes(_ similarity: SimilarityFunction) -> Bool { similarity == .cosine }

    /// Whether a corpus of `rows` items is searched approximately by default.
    public static func isDefault(forRows rows: Int, threshold: Int = defaultThreshold) -> Bool { rows >= threshold }

    /// The `k` best rows for `query`, best first, with exact scores.
    public func search(_ query: [Float], k: Int) -> [Neighbour] {
        exact.rescore(query, rows: candidates(query, count: k * candidateFactor), k: k)
    }

    /// The `count` rows with the best first-pass estimates (ties to the lower row), in increasing
    /// row order: the re-scoring reads the matrix front to back.
    public func candidates(_ query: [Float], count: Int) -> [Int] {
        let rows = codes.rows
        guard query.count == codes.dimension, rows > 0, count > 0 else { return [] }
        if count >= rows { return Array(0..<rows) }
        let norm = query.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let unitQuery = norm > 0 && exact.similarity == .cosine ? query.map { $0 / norm } : query
        let planes = codes.query(unitQuery, bits: queryBits)
        if let blocks, let kept = prefixPassRows(forCandidates: count) {
            return bestOfPrefixPass(blocks, unitQuery: unitQuery, planes: planes, keeping: kept, count: count)
        }
        let slices = rows < 65_536 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        let codes = self.codes
        return Self.bestOfEstimates(total: rows, parts: slices, granularity: SignCodes.rowsPerBlock, count: count) { range, out in
            codes.estimates(planes, rows: range, into: out)
        }
    }

    /// The two-stage path: the prefix pass keeps `keep` rows, whose full-code estimates choose
    /// the `count` candidates.
    private func bestOfPrefixPass(_ blocks: SignCodeBlocks, unitQuery: [Float], planes: SignCodes.Query,
                                  keeping keep: Int, count: Int) -> [Int] {
        let slices = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let kept = blocks.best(blocks.query(unitQuery), planes: planes, count: keep, slices: slices,
                               sampleBlocks: prefixSampleBlocks)
        // The kept rows' tails are scattered reads: both cores wait on memory better than one.
        let parts = kept.rows.count >= 16_384 ? slices : 1
        let codes = self.codes
        return Self.bestOfEstimates(total: kept.rows.count, parts: parts, granularity: 1, count: count) { range, out in
            codes.estimates(planes, ofRows: kept.rows[range], prefixCounts: kept.prefixCounts[range], into: out)
        }.map { Int(kept.rows[$0]) }
    }

    /// The positions of the `count` best of `total` estimates (ties to the lower position), in
    /// increasing order. `estimate` writes the estimates of a range of positions; `parts`
    /// ranges (multiples of `granularity`) are written on as many cores, then one threshold
    /// selection over all of them: for thousands of candidates that is cheaper than a heap per
    /// core and a merge.
    private static func bestOfEstimates(total: Int, parts: Int, granularity: Int, count: Int,
                                        _ estimate: @escaping @Sendable (Range<Int>, UnsafeMutableBufferPointer<Float>) -> Void) -> [Int] {
        var estimates = [Float](repeating: 0, count: total)
        estimates.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let range = ParallelWork.slice(part, of: parts, count: total, granularity: granularity)
                guard !range.isEmpty else { return }
                estimate(range, UnsafeMutableBufferPointer(rebasing: out[range]))
            }
        }
        return estimates.withUnsafeBufferPointer { TopK.bestPositions($0, count: count) }
    }
}

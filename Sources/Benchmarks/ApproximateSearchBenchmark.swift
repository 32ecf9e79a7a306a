import Embedding
import Foundation
import HalfFloat
import TextInput

/// `semblance bench search --approx`: exact and approximate top-k over one f16 matrix, with
/// the approximate path's recall@k against the exact one on held-out queries, and memory.
///
/// The matrix is either read from a vectors file (real or `benchmarks/synthetic_corpus.py`
/// vectors, with their held-out queries) or generated: clustered unit rows around a shared
/// direction, as sentence embeddings are (uniform random rows would make any first pass look
/// either perfect or hopeless).
public struct ApproximateSearchBenchmark {
    public let k: Int
    /// Queries timed (each once, after a warm-up); recall is measured on all queries.
    public let timedQueries: Int
    public let candidateFactor: Int
    public let firstPassFactor: Int
    public let firstPassShare: Double
    /// Matrices of at least this many rows get the prefix pass first.
    public let twoStageRows: Int

    public init(k: Int, timedQueries: Int, candidateFactor: Int = ApproximateSearch.defaultCandidateFactor,
                firstPassFactor: Int = ApproximateSearch.defaultFirstPassFactor,
                firstPassShare: Double = ApproximateSearch.defaultFirstPassShare,
                twoStageRows: Int = ApproximateSearch.defaultTwoStageRows) {
        self.k = k
        self.timedQueries = timedQueries
        self.candidateFactor = candidateFactor
        self.firstPassFactor = firstPassFactor
        self.firstPassShare = firstPassShare
        self.twoStageRows = twoStageRows
    }

    /// The report on a vectors file and its held-out queries (the first `queryLimit`, else
    /// all), a line at a time.
    public func report(vectors: String, queries: String, queryLimit: Int? = nil, line: (String) -> Void) throws {
        let (matrix, dimension, queryRows) = try loaded(vectors: vectors, queries: queries)
        run(matrix: matrix, dimension: dimension, queries: Array(queryRows.prefix(queryLimit ?? queryRows.count)))?.lines.forEach(line)
    }

    /// The report on generated clustered rows, one matrix per count, a line at a time.
    public func report(rowCounts: [Int], dimension: Int, queries: Int, line: (String) -> Void) {
        for count in rowCounts {
            let (matrix, queryRows) = generated(rows: count, dimension: dimension, queries: queries)
            run(matrix: matrix, dimension: dimension, queries: queryRows)?.lines.forEach(line)
        }
    }

    /// The most f16 values a mixed matrix may hold (2^32: 8 GiB), as `--rows × --dimension` for `--approx`.
    public static let largestMixedMatrix = 1 << 32

    /// The report on rows mixed from a real vectors file in memory (`MixedVectors`, the
    /// recipe of `benchmarks/synthetic_corpus.py`), one matrix per count, a line at a time.
    public func report(mixingFrom source: String, rowCounts: [Int], queries: Int, line: (String) -> Void) throws {
        let mixer = try MixedVectors(sourceFile: source)
        // The dimension comes from the file, so the matrix's size is checked here, before any is made.
        for count in rowCounts {
            let (elements, overflow) = count.multipliedReportingOverflow(by: mixer.dimension)
            guard count > 0, !overflow, elements <= Self.largestMixedMatrix else {
                throw BenchmarkError.invalidArgument(
                    "\(source): \(count) rows × its dimension \(mixer.dimension) is not between 1 and \(Self.largestMixedMatrix) values")
            }
        }
        for count in rowCounts {
            let made = TimingStatistics.timed { mixer.make(rows: count, queries: queries, seed: UInt64(count)) }
            line(String(format: "%9d rows mixed from %d real rows of %@ in %.1f s", count, mixer.source.count,
                        URL(fileURLWithPath: source).lastPathComponent, made.seconds))
            run(matrix: made.value.matrix, dimension: mixer.dimension, queries: made.value.queries)?.lines.forEach(line)
        }
    }

    /// One matrix's figures.
    public struct Result: Sendable {
        public let rows: Int
        public let dimension: Int
        public let queries: Int
        public let exactMedianSeconds: Double
        /// A plain streaming read of the matrix's bytes (every core), in the same run.
        public let floorMedianSeconds: Double
        public let approximateMedianSeconds: Double
        public let recall: Double
        public let codeSeconds: Double
        public let matrixBytes: Int
        public let codeBytes: Int
        /// Resident and peak resident bytes of the whole process after searching.
        public let residentBytes: Int?
        public let peakResidentBytes: Int?
        public let k: Int
        public let candidates: Int
        /// Rows the prefix pass keeps (nil: one pass over the full codes).
        public let firstPassRows: Int?

        /// The report's lines.
        public var lines: [String] {
            let mb = { (bytes: Int?) in bytes.map { String(format: "%.0f MB", Double($0) / 1e6) } ?? "?" }
            let passes = firstPassRows.map { "192-bit prefix pass keeps \($0), then " } ?? ""
            return [
                String(format: "%9d × %d f16: exact top-%d p50 %8.2f ms | approximate p50 %7.2f ms (%.1f× faster), ",
                       rows, dimension, k, exactMedianSeconds * 1e3, approximateMedianSeconds * 1e3,
                       exactMedianSeconds / approximateMedianSeconds)
                    + passes + String(format: "%d candidates re-scored | recall@%d %.4f over %d queries", candidates, k, recall, queries),
                "           floor: streaming read of the matrix's \(mb(matrixBytes))"
                    + String(format: " p50 %8.2f ms; exact f16 / floor %.2f×", floorMedianSeconds * 1e3,
                             exactMedianSeconds / max(1e-12, floorMedianSeconds)),
                "           memory: matrix \(mb(matrixBytes)), sign codes \(mb(codeBytes)) (built in \(String(format: "%.2f", codeSeconds)) s); process resident \(mb(residentBytes)), peak \(mb(peakResidentBytes))",
            ]
        }
    }

    /// Seconds of `search` on each query and what it found, after one warm-up search (page
    /// faults, thread start-up).
    static func timedSearches(of queries: ArraySlice<[Float]>,
                              _ search: ([Float]) -> [Neighbour]) -> (seconds: [Double], found: [[Neighbour]]) {
        guard let first = queries.first else { return ([], []) }
        _ = search(first)
        let runs = queries.map { query in TimingStatistics.timed { search(query) } }
        return (runs.map(\.seconds), runs.map(\.value))
    }

    /// Clustered synthetic rows and `queries` held-out queries made the same way (seeded by `rows`).
    public func generated(rows: Int, dimension: Int, queries: Int) -> (matrix: [UInt16], queries: [[Float]]) {
        var generator = SyntheticVectors(seed: UInt64(rows) &+ 17)
        let clusters = 1000
        let shared = (0..<dimension).map { _ in generator.noise() * 0.15 }
        let centres = (0..<clusters).map { _ in (0..<dimension).map { _ in generator.noise() } }
        func row() -> [Float] {
            let centre = centres[generator.index(below: clusters)]
            var values = (0..<dimension).map { d in centre[d] * 0.5 + shared[d] * 4 + generator.noise() * 0.6 }
            let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            values = values.map { $0 / norm }
            return values
        }
        var matrix = [UInt16](repeating: 0, count: rows * dimension)
        matrix.withUnsafeMutableBufferPointer { halves in
            for r in 0..<rows {
                let values = row()
                values.withUnsafeBufferPointer {
                    HalfKernels.encode($0, into: UnsafeMutableBufferPointer(rebasing: halves[r * dimension ..< (r + 1) * dimension]))
                }
            }
        }
        return (matrix, (0..<queries).map { _ in row() })
    }

    /// The rows of a vectors file as f16 (converted a block at a time), and its queries file's rows.
    public func loaded(vectors: String, queries: String) throws -> (matrix: [UInt16], dimension: Int, queries: [[Float]]) {
        let file = try VectorFiles.open(vectors, dimension: nil)
        let dimension = file.dimension
        var matrix = [UInt16](repeating: 0, count: file.rows * dimension)
        try matrix.withUnsafeMutableBufferPointer { halves in
            try file.forEachBlock(blockRows: 4096) { first, values in
                HalfKernels.encode(values, into: UnsafeMutableBufferPointer(rebasing: halves[first * dimension ..< first * dimension + values.count]))
            }
        }
        let queryFile = try VectorFiles.open(queries, dimension: dimension)
        return (matrix, dimension, try queryFile.rows(at: Array(0..<queryFile.rows)))
    }

    /// Times both paths over `matrix` ([rows × dimension] f16) and measures recall on `queries`.
    public func run(matrix: [UInt16], dimension: Int, queries: [[Float]]) -> Result? {
        let rows = matrix.count / max(1, dimension)
        guard let exact = NeighbourSearch(rows: rows, dimension: dimension, storage: .f16(matrix), rowsAreUnitLength: true)
        else { return nil }
        let built = TimingStatistics.timed {
            ApproximateSearch(exact: exact, candidateFactor: candidateFactor, twoStageRows: twoStageRows,
                              firstPassFactor: firstPassFactor, firstPassShare: firstPassShare)
        }
        guard let approximate = built.value, !queries.isEmpty else { return nil }
        // Each path is timed in a loop of its own, as a run of searches (and faiss's timing)
        // goes: interleaved, the exact scan's read of the whole matrix would push the sign
        // codes of a small corpus out of the cache before every approximate query.
        let timed = queries.prefix(timedQueries)
        let exactRuns = Self.timedSearches(of: timed) { exact.search($0, k: k) }
        let approximateRuns = Self.timedSearches(of: timed) { approximate.search($0, k: k) }
        let floorTimes: [Double] = matrix.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return [] }
            return timed.map { _ in StreamingReadFloor.time(base, bytes: bytes.count).seconds }
        }
        // Recall over every query: the timed ones' results are reused, the rest searched now.
        let untimed = queries.dropFirst(timed.count)
        let truths = exactRuns.found + untimed.map { exact.search($0, k: k) }
        let guesses = approximateRuns.found + untimed.map { approximate.search($0, k: k) }
        let found = zip(truths, guesses).reduce(0) { total, pair in
            let expected = Set(pair.0.map(\.index))
            return total + pair.1.filter { expected.contains($0.index) }.count
        }
        return Result(rows: rows, dimension: dimension, queries: queries.count,
                      exactMedianSeconds: TimingStatistics.median(exactRuns.seconds),
                      floorMedianSeconds: TimingStatistics.median(floorTimes),
                      approximateMedianSeconds: TimingStatistics.median(approximateRuns.seconds),
                      recall: Double(found) / Double(queries.count * k), codeSeconds: built.seconds,
                      matrixBytes: matrix.count * 2, codeBytes: approximate.codeBytes,
                      residentBytes: ProcessMemory.residentBytes(), peakResidentBytes: ProcessMemory.peakResidentBytes(),
                      k: k, candidates: k * candidateFactor,
                      firstPassRows: approximate.prefixPassRows(forCandidates: k * candidateFactor))
    }
}

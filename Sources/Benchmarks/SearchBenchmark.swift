import Corpora
import Embedding
import Foundation
import HalfFloat
import Inference
import VectorCache

/// `semblance bench search`: exact top-k search on synthetic unit vectors next to the BLAS
/// matrix-vector product that bounds it, and opening a cached corpus into a search matrix.
public struct SearchBenchmark {
    public let dimension: Int
    /// Results per search.
    public let k: Int
    /// Timed runs per measurement (the median is reported).
    public let repeats: Int

    public init(dimension: Int, k: Int, repeats: Int) {
        self.dimension = dimension
        self.k = k
        self.repeats = repeats
    }

    /// Median seconds of one search over `rows` rows.
    public struct SearchTimes: Sendable, Equatable {
        public let rows: Int
        /// A plain sgemv over the f32 matrix: the memory-bandwidth floor.
        public let floorSeconds: Double
        public let f32Seconds: Double
        public let f16Seconds: Double
        /// The best row the f16 search found (the query is a noisy copy of the middle row).
        public let bestRow: Int
        /// Bytes of the f32 matrix read per second by the floor, in GB/s.
        public let floorGigabytesPerSecond: Double
        let dimension: Int, k: Int

        /// The report's line.
        public var line: String {
            String(format: "%8d × %d: sgemv floor %7.2f ms (%.1f GB/s) | top-%d f32 %7.2f ms (%.2f× floor) | f16 %7.2f ms | best row %d",
                   rows, dimension, floorSeconds * 1e3, floorGigabytesPerSecond, k, f32Seconds * 1e3, f32Seconds / floorSeconds,
                   f16Seconds * 1e3, bestRow)
        }
    }

    /// Times search over `rows` synthetic rows; nil when the matrix cannot be built.
    public func timeSearch(rows count: Int) -> SearchTimes? {
        let dimension = self.dimension
        var generator = SyntheticVectors(seed: UInt64(count))
        let matrix = generator.unitRows(count, dimension: dimension)
        let query = Array(matrix[(count / 2) * dimension ..< (count / 2 + 1) * dimension]).map { $0 + generator.noise() * 0.01 }
        var scores = [Float](repeating: 0, count: count)
        let floor = medianSeconds(warmUp: true) {
            matrix.withUnsafeBufferPointer { m in
                query.withUnsafeBufferPointer { q in
                    scores.withUnsafeMutableBufferPointer { s in
                        guard let a = m.baseAddress, let x = q.baseAddress, let y = s.baseAddress else { return }
                        BLAS.sgemv(m: count, n: dimension, a: a, lda: dimension, x: x, y: y)
                    }
                }
            }
        }
        guard let f32 = NeighbourSearch(rows: count, dimension: dimension, storage: .f32(matrix)),
              let f16 = NeighbourSearch(rows: count, dimension: dimension, storage: .f16(HalfKernels.encode(matrix)))
        else { return nil }
        var found: [Neighbour] = []
        let f32Time = medianSeconds(warmUp: true) { found = f32.search(query, k: k) }
        let f16Time = medianSeconds(warmUp: true) { found = f16.search(query, k: k) }
        return SearchTimes(rows: count, floorSeconds: floor, f32Seconds: f32Time, f16Seconds: f16Time,
                           bestRow: found.first?.index ?? -1,
                           floorGigabytesPerSecond: Double(count * dimension * 4) / 1e9 / floor, dimension: dimension, k: k)
    }

    /// Opening one synthetic corpus of a precision into a search matrix.
    public struct OpenTimes: Sendable, Equatable {
        public let precision: VectorPrecision
        public let rowsLoaded: Int
        /// Median seconds to open the cache read-only and load the corpus for search.
        public let openSeconds: Double
        /// Seconds the corpus took to write.
        public let writeSeconds: Double
        /// The cache file's size after writing it (both corpora once the second is written).
        public let cacheBytes: Int

        /// The report's line.
        public var line: String {
            String(format: "open %d-item %@ corpus into the search matrix: %.3f s (written in %.1f s; cache %.0f MB)",
                   rowsLoaded, precision.rawValue, openSeconds, writeSeconds, Double(cacheBytes) / 1e6)
        }
    }

    /// Writes a corpus of `items` synthetic unit vectors at each precision to a temporary
    /// cache (removed afterwards) and times opening it; `report` gets each as it is measured.
    public func timeOpen(items: Int, _ report: (OpenTimes) -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("semblance-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cache.sqlite").path
        let dimension = self.dimension
        let model = ModelIdentity(name: "synthetic", dimension: dimension, weightsSHA256: String(repeating: "0", count: 64),
                                  components: ["bench": "1"])
        for precision in VectorPrecision.allCases {
            let store = try VectorStore(path: path, writable: true, createDirectories: true)  // its own temporary directory
            var generator = SyntheticVectors(seed: 7)
            let clock = Date()
            let indexer = try CorpusIndexer(store: store, corpus: "bench-\(precision)", model: model, precision: precision,
                                            sources: [], batchSize: 1000,
                                            encode: { texts in texts.map { _ in generator.unitRows(1, dimension: dimension) } })
            for i in 0..<items { try indexer.add(CorpusItem(text: "synthetic item \(i) of the benchmark corpus")) }
            _ = try indexer.finish()
            let writeTime = Date().timeIntervalSince(clock)
            var rowsLoaded = 0
            let openTime = try medianSeconds(runs: max(3, repeats / 3), warmUp: false) {
                let reader = try VectorStore(path: path, writable: false)
                // The vectors are unit length, as those of a normalizing model.
                rowsLoaded = try SearchableCorpus(named: "bench-\(precision)", in: reader, builtBy: nil,
                                                  rowsAreUnitLength: true).search.rows
            }
            report(OpenTimes(precision: precision, rowsLoaded: rowsLoaded, openSeconds: openTime, writeSeconds: writeTime,
                             cacheBytes: store.fileBytes()))
        }
    }

    /// Opening a corpus that already exists in a cache (a SQLite file or a PostgreSQL server).
    public struct StoredOpenTimes: Sendable, Equatable {
        public let corpus: String
        public let rows: Int
        public let precision: VectorPrecision
        /// Where the last timed opening read the matrix from.
        public let source: CorpusMatrixSource
        /// Median seconds to connect or open the cache read-only and load the corpus for search.
        public let openSeconds: Double
        public let runs: Int

        public var line: String {
            String(format: "open %d-item %@ corpus \"%@\" into the search matrix (from %@): %.3f s, median of %d",
                   rows, precision.rawValue, corpus, "\(source)", openSeconds, runs)
        }
    }

    /// Times opening corpus `name` of the cache `open` gives (a fresh read-only store each run,
    /// as a command would), after one untimed opening (which may rebuild a packed copy).
    public func timeOpen(corpus name: String, store open: () throws -> any CacheStore) throws -> StoredOpenTimes {
        let runs = max(3, repeats / 3)
        var opened = try SearchableCorpus(named: name, in: try open(), builtBy: nil, rowsAreUnitLength: true)
        let seconds = try medianSeconds(runs: runs, warmUp: false) {
            opened = try SearchableCorpus(named: name, in: try open(), builtBy: nil, rowsAreUnitLength: true)
        }
        return StoredOpenTimes(corpus: name, rows: opened.matrix.rows, precision: opened.record.precision,
                               source: opened.matrixSource, openSeconds: seconds, runs: runs)
    }

    /// The median of `runs` (default `repeats`) timings of `body`, after one untimed run
    /// with `warmUp` (page faults and thread start-up are not what is measured).
    private func medianSeconds(runs: Int? = nil, warmUp: Bool, _ body: () throws -> Void) rethrows -> Double {
        if warmUp { try body() }
        var times: [Double] = []
        for _ in 0..<(runs ?? repeats) { times.append(try TimingStatistics.time(body)) }
        return TimingStatistics.median(times)
    }
}

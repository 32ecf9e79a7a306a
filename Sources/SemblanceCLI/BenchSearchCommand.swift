import ArgumentParser
import Embedding
import Foundation
import HalfFloat
import Inference
import VectorCache

struct BenchSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Time exact top-k search and corpus loading on synthetic unit vectors.",
        discussion: """
            For each row count: a plain BLAS matrix-vector product (the memory-bandwidth floor), \
            then top-k search over f32 and f16 matrices. Then a synthetic corpus is written to a \
            temporary cache and opened into a search matrix repeatedly. Prints medians.
            """)

    @Option(help: "Row counts to search, comma-separated.")
    var rows: String = "100000,1000000"

    @Option(help: "Vector dimension.")
    var dimension: Int = 384

    @Option(name: .short, help: "Results per search.")
    var k: Int = 10

    @Option(help: "Timed runs per measurement (the median is reported).")
    var repeats: Int = 15

    @Option(help: "Items of the synthetic cached corpus (0 skips the open benchmark).")
    var corpusItems: Int = 100_000

    func validate() throws {
        try OptionBounds.check(dimension, "--dimension", in: OptionBounds.dimension)
        try OptionBounds.check(k, "-k", in: OptionBounds.results)
        try OptionBounds.check(repeats, "--repeats", in: OptionBounds.runs)
        try OptionBounds.check(corpusItems, "--corpus-items", in: OptionBounds.corpusItems)
        let fields = rows.split(separator: ",", omittingEmptySubsequences: false)
        guard !fields.isEmpty, fields.count == rowCounts.count else {
            throw ValidationError("--rows needs comma-separated counts, e.g. 100000,1000000")
        }
        for count in rowCounts {
            try OptionBounds.check(count, "a --rows count", in: OptionBounds.rows)
            // Both are bounded, so the product cannot overflow.
            try OptionBounds.check(count * dimension, "--rows × --dimension", in: OptionBounds.matrixElements)
        }
    }

    private var rowCounts: [Int] {
        rows.split(separator: ",", omittingEmptySubsequences: false).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    func run() throws {
        print("threads: \(ProcessInfo.processInfo.activeProcessorCount) cores, OpenBLAS \(BLAS.threadCount) threads, F16C \(HalfKernels.usesF16C ? "yes" : "no")")
        for count in rowCounts { benchSearch(rows: count) }
        if corpusItems > 0 { try benchOpen() }
    }

    private func benchSearch(rows count: Int) {
        var generator = BenchRandom(seed: UInt64(count))
        let matrix = generator.unitRows(count, dimension: dimension)
        let query = Array(matrix[(count / 2) * dimension ..< (count / 2 + 1) * dimension]).map { $0 + generator.noise() * 0.01 }
        var scores = [Float](repeating: 0, count: count)
        let floor = Self.median(repeats) {
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
        else { return }
        var found: [Neighbour] = []
        let f32Time = Self.median(repeats) { found = f32.search(query, k: k) }
        let f16Time = Self.median(repeats) { found = f16.search(query, k: k) }
        let gigabytes = Double(count * dimension * 4) / 1e9
        print(String(format: "%8d × %d: sgemv floor %7.2f ms (%.1f GB/s) | top-%d f32 %7.2f ms (%.2f× floor) | f16 %7.2f ms | best row %d",
                     count, dimension, floor * 1e3, gigabytes / floor, k, f32Time * 1e3, f32Time / floor, f16Time * 1e3,
                     found.first?.index ?? -1))
    }

    private func benchOpen() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("semblance-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cache.sqlite").path
        let dimension = self.dimension
        let model = ModelIdentity(name: "synthetic", dimension: dimension, weightsSHA256: String(repeating: "0", count: 64),
                                  components: ["bench": "1"])
        for precision in VectorPrecision.allCases {
            let store = try VectorStore(path: path, writable: true, createDirectories: true)  // its own temporary directory
            var generator = BenchRandom(seed: 7)
            let clock = Date()
            let indexer = try CorpusIndexer(store: store, corpus: "bench-\(precision)", model: model, precision: precision,
                                            sources: [], batchSize: 1000,
                                            encode: { texts in texts.map { _ in generator.unitRows(1, dimension: dimension) } })
            for i in 0..<corpusItems { try indexer.add(CorpusItem(text: "synthetic item \(i) of the benchmark corpus")) }
            _ = try indexer.finish()
            let writeTime = Date().timeIntervalSince(clock)
            var rowsLoaded = 0
            let openTime = try Self.medianThrowing(max(3, repeats / 3)) {
                let reader = try VectorStore(path: path, writable: false)
                let corpus = try reader.requireCorpus(named: "bench-\(precision)")
                let matrix = try reader.loadMatrix(of: corpus)
                let storage: NeighbourSearch.Storage = switch matrix.storage {
                case let .f32(values): .f32(values)
                case let .f16(halves): .f16(halves)
                }
                // The vectors are unit length, as those of a normalizing model.
                rowsLoaded = NeighbourSearch(rows: matrix.rows, dimension: matrix.dimension, storage: storage,
                                             rowsAreUnitLength: true)?.rows ?? 0
            }
            print(String(format: "open %d-item %@ corpus into the search matrix: %.3f s (written in %.1f s; cache %.0f MB)",
                         rowsLoaded, precision.rawValue, openTime, writeTime, Double(store.fileBytes()) / 1e6))
        }
    }

    private static func median(_ runs: Int, _ body: () -> Void) -> Double {
        body()  // warm-up: page faults and thread start-up are not what is measured
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return times.sorted()[times.count / 2]
    }

    private static func medianThrowing(_ runs: Int, _ body: () throws -> Void) throws -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return times.sorted()[times.count / 2]
    }
}

/// A fast deterministic generator for synthetic unit vectors.
private struct BenchRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// Roughly uniform in [-1, 1].
    mutating func noise() -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(Int32(truncatingIfNeeded: state >> 32)) / Float(Int32.max)
    }

    /// `count` unit-length rows `[count × dimension]`.
    mutating func unitRows(_ count: Int, dimension: Int) -> [Float] {
        var values = [Float](repeating: 0, count: count * dimension)
        for row in 0..<count {
            var squared: Float = 0
            for d in 0..<dimension {
                let value = noise()
                values[row * dimension + d] = value
                squared += value * value
            }
            let scale = 1 / max(squared.squareRoot(), 1e-12)
            for d in 0..<dimension { values[row * dimension + d] *= scale }
        }
        return values
    }
}

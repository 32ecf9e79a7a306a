import Corpora
import Foundation
import SpaceAnalysis
import VectorCache

/// What `inspect` costs on a corpus of synthetic unit vectors with the anisotropy of real
/// models (a shared direction, so the mean pair cosine is about 0.2): the pair scores, the
/// centred pair scores, the principal axes and hubness, as `inspect` computes them on first
/// use; then what opening costs once they are stored (reading and decoding the summary).
public struct InspectBenchmark {
    public let dimension: Int
    public let k: Int
    public let repeats: Int

    public init(dimension: Int, k: Int, repeats: Int) {
        self.dimension = dimension
        self.k = k
        self.repeats = max(1, repeats)
    }

    /// One line per measurement, through `report`.
    public func run(items: Int, report: (String) -> Void) throws {
        let matrix = try ScoringMatrix(rows: items, dimension: dimension, storage: .f32(anisotropicRows(items)), scoring: .cosine)
        var clock = Date()
        let space = try CorpusSpace.compute(matrix)
        let spaceSeconds = Date().timeIntervalSince(clock)
        clock = Date()
        let hubness = Hubness.compute(matrix, k: k)
        let hubnessSeconds = Date().timeIntervalSince(clock)
        let pairs = space.scores.isExact ? "all \(space.scores.pairs) pairs" : "\(space.scores.pairs) sampled pairs"
        let neighbours = hubness.isExact ? "exact \(k)-NN of all items" : "\(k)-NN within \(hubness.analysedItems) sampled items"
        let seconds = { (value: Double) in String(format: "%.2f s", value) }
        report("inspect \(items) × \(dimension): statistics \(seconds(spaceSeconds)) (\(pairs), centred too, PCA), "
            + "hubness \(seconds(hubnessSeconds)) (\(neighbours)), total \(seconds(spaceSeconds + hubnessSeconds))")
        report(String(format: "  mean cosine %.4f, p50 %.4f, p99 %.4f; skewness %.3f, %d antihubs; PCA first two %.1f%%",
                      space.scores.mean, space.scores.score(atPercentile: 50) ?? .nan, space.scores.score(atPercentile: 99) ?? .nan,
                      hubness.skewness, hubness.antihubs, 100 * space.axes.explainedVarianceRatio.prefix(2).reduce(0, +)))
        try timeCachedOpen(space, report: report)
    }

    /// Median time to read and decode a stored summary from a cache, as opening a corpus does.
    private func timeCachedOpen(_ space: CorpusSpace, report: (String) -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("semblance-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cache.sqlite").path
        let store = try VectorStore(path: path, writable: true, createDirectories: true)
        let model = ModelIdentity(name: "synthetic", dimension: dimension, weightsSHA256: String(repeating: "0", count: 64),
                                  components: ["bench": "inspect"])
        var generator = SeededGenerator(seed: 11)
        let dimension = self.dimension
        let indexer = try CorpusIndexer(store: store, corpus: "bench", model: model, precision: .f32, sources: [], batchSize: 64,
                                        encode: { texts in texts.map { _ in (0 ..< dimension).map { _ in Float.random(in: -1 ... 1, using: &generator) } } })
        for i in 0 ..< 2 { try indexer.add(CorpusItem(text: "item \(i)")) }
        _ = try indexer.finish()
        let record = try store.requireCorpus(named: "bench")
        let summary = SpaceSummaryCodec.encode(space)
        try store.storeStatistics(summary, of: record, kind: CorpusStatistics.spaceKind)
        // Opening a corpus opens the store and reads its record anyway: what the statistics add
        // is one row read and decoded.
        let reader = try VectorStore(path: path, writable: false)
        let opened = try reader.requireCorpus(named: "bench")
        var times: [Double] = []
        for _ in 0 ..< max(5, repeats) {
            let clock = Date()
            let bytes = try reader.statistics(of: opened, kind: CorpusStatistics.spaceKind) ?? []
            _ = try SpaceSummaryCodec.decodeSpace(bytes)
            times.append(Date().timeIntervalSince(clock))
        }
        report(String(format: "  reading the stored statistics (%d bytes) from an open cache: median %.2f ms of %d runs", summary.count,
                      1000 * TimingStatistics.median(times), times.count))
    }

    /// Unit rows: uniform noise plus a shared offset, made unit length.
    private func anisotropicRows(_ items: Int) -> [Float] {
        var generator = SeededGenerator(seed: 0x1A5E)
        let shared = (0 ..< dimension).map { _ in Float.random(in: -1 ... 1, using: &generator) }
        var values = [Float](repeating: 0, count: items * dimension)
        for row in 0 ..< items {
            var squared: Float = 0
            for d in 0 ..< dimension {
                let value = Float.random(in: -1 ... 1, using: &generator) + 0.5 * shared[d]
                values[row * dimension + d] = value
                squared += value * value
            }
            let scale = 1 / max(squared.squareRoot(), 1e-12)
            for d in 0 ..< dimension { values[row * dimension + d] *= scale }
        }
        return values
    }
}

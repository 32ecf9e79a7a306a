import Foundation

/// Hubness of a corpus's k-nearest-neighbour graph: how often each item is among the others'
/// k nearest (its k-occurrence N_k, itself excluded), how skewed those counts are, which
/// items are hubs and how many are nobody's neighbour (antihubs); and the most similar
/// pairs (near duplicates). Exact up to `exactLimit` items, else over a seeded uniform
/// sample of `sampleItems` items (the k-NN graph of the sample).
public struct Hubness: Sendable, Equatable {
    public static let exactLimit = 100_000
    public static let sampleItems = 50_000
    public static let seed: UInt64 = 0x5345_4D42_4855_4253
    /// Hubs and near-duplicate pairs reported.
    public static let reported = 10

    public struct Hub: Sendable, Equatable {
        /// Corpus position.
        public let item: Int
        /// Its k-occurrence.
        public let count: Int
    }

    public struct Pair: Sendable, Equatable {
        /// Corpus positions, first < second.
        public let first: Int
        public let second: Int
        public let score: Float
    }

    public let k: Int
    /// Items of the corpus.
    public let items: Int
    /// Items whose neighbours were found: all of them, or the sample.
    public let analysedItems: Int
    /// The sample's seed; nil when exact.
    public let seed: UInt64?
    /// Population skewness of N_k over the analysed items; 0 when every count is equal.
    public let skewness: Double
    /// The strongest hubs, most occurrences first (ties: lower position).
    public let hubs: [Hub]
    /// Analysed items in nobody's top k.
    public let antihubs: Int
    /// The highest-scoring distinct pairs, best first.
    public let nearestPairs: [Pair]

    public var isExact: Bool { seed == nil }

    public init(k: Int, items: Int, analysedItems: Int, seed: UInt64?, skewness: Double, hubs: [Hub], antihubs: Int,
                nearestPairs: [Pair]) {
        self.k = k
        self.items = items
        self.analysedItems = analysedItems
        self.seed = seed
        self.skewness = skewness
        self.hubs = hubs
        self.antihubs = antihubs
        self.nearestPairs = nearestPairs
    }

    /// Computes hubness for `k` (1 ≤ k < items; callers check and say so). `progress(done,
    /// total)` counts tiles of the blocked product.
    public static func compute(_ matrix: ScoringMatrix, k: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                               exactLimit: Int = Hubness.exactLimit, sampleItems: Int = Hubness.sampleItems,
                               progress: (@Sendable (Int, Int) -> Void)? = nil) -> Hubness {
        guard matrix.rows > exactLimit else {
            return analyse(matrix, positions: nil, items: matrix.rows, k: k, workers: workers, progress: progress)
        }
        let positions = sampledPositions(rows: matrix.rows, items: sampleItems)
        let d = matrix.dimension
        var values = [Float](repeating: 0, count: positions.count * d)
        for (row, position) in positions.enumerated() {
            for t in 0 ..< d { values[row * d + t] = matrix.values[position * d + t] }
        }
        let sample = ScoringMatrix(rows: positions.count, dimension: d, scoring: matrix.scoring, values: values)
        return analyse(sample, positions: positions, items: matrix.rows, k: k, workers: workers, progress: progress)
    }

    /// As above, reading rows in place from `source`: above `exactLimit` only the sampled rows
    /// are read and widened (the same rows, so the same figures, as from the whole matrix).
    public static func compute(_ source: CorpusRows, k: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                               exactLimit: Int = Hubness.exactLimit, sampleItems: Int = Hubness.sampleItems,
                               progress: (@Sendable (Int, Int) -> Void)? = nil) -> Hubness {
        guard source.rows > exactLimit else {
            return analyse(source.matrix(), positions: nil, items: source.rows, k: k, workers: workers, progress: progress)
        }
        let positions = sampledPositions(rows: source.rows, items: sampleItems)
        return analyse(source.matrix(of: positions), positions: positions, items: source.rows, k: k, workers: workers,
                       progress: progress)
    }

    /// Hubness of `analysed`'s rows among themselves; `positions` maps its rows to corpus
    /// positions when it is a sample of `items` rows.
    private static func analyse(_ analysed: ScoringMatrix, positions: [Int]?, items: Int, k: Int, workers: Int,
                                progress: (@Sendable (Int, Int) -> Void)?) -> Hubness {
        let seed = positions == nil ? nil as UInt64? : Self.seed
        let n = analysed.rows
        let kept = max(k, reported)
        let lists = NearestNeighbours.lists(of: analysed, k: min(kept, max(0, n - 1)), workers: workers, progress: progress)
        let position = { (row: Int) in positions?[row] ?? row }
        var occurrences = [Int](repeating: 0, count: n)
        for row in 0 ..< n { for neighbour in lists[row].prefix(k) { occurrences[neighbour.index] += 1 } }
        let hubs = occurrences.indices
            .sorted { occurrences[$0] > occurrences[$1] || (occurrences[$0] == occurrences[$1] && $0 < $1) }
            .prefix(reported)
            .map { Hub(item: position($0), count: occurrences[$0]) }
        var pairs: [Pair] = []
        var seen = Set<Int>()
        for row in 0 ..< n {
            for neighbour in lists[row] {
                let a = min(row, neighbour.index), b = max(row, neighbour.index)
                guard seen.insert(a &* n &+ b).inserted else { continue }
                pairs.append(Pair(first: a, second: b, score: neighbour.score))
            }
        }
        pairs.sort { $0.score > $1.score || ($0.score == $1.score && ($0.first, $0.second) < ($1.first, $1.second)) }
        let nearest = pairs.prefix(reported).map { pair in
            let a = position(pair.first), b = position(pair.second)
            return Pair(first: min(a, b), second: max(a, b), score: pair.score)
        }
        return Hubness(k: k, items: items, analysedItems: n, seed: seed, skewness: populationSkewness(occurrences),
                       hubs: Array(hubs), antihubs: occurrences.filter { $0 == 0 }.count, nearestPairs: nearest)
    }

    /// E[(x − μ)³] / σ³ (population moments, as scipy.stats.skew); 0 when σ is 0 or there
    /// are no values.
    public static func populationSkewness(_ values: [Int]) -> Double {
        guard !values.isEmpty else { return 0 }
        let n = Double(values.count)
        let mean = values.reduce(0.0) { $0 + Double($1) } / n
        var second = 0.0, third = 0.0
        for value in values {
            let deviation = Double(value) - mean
            second += deviation * deviation
            third += deviation * deviation * deviation
        }
        second /= n
        third /= n
        guard second > 1e-300 else { return 0 }
        return third / (second * second.squareRoot())
    }

    /// A seeded uniform sample of `items` row positions, in position order.
    private static func sampledPositions(rows: Int, items: Int) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        var positions = Array(0 ..< rows)
        positions.shuffle(using: &generator)
        return Array(positions.prefix(items)).sorted()
    }
}

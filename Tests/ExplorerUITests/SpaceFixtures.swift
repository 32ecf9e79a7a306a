import ExplorerUI
import VectorArithmetic

/// The fruit corpus's space for view tests: its exact pair cosines (raw and centred) as the
/// score distribution, its mean, and a map on two hand-picked orthonormal axes (the views
/// draw whatever axes they are given; PCA itself is tested where it is computed).
enum SpaceFixtures {
    static func vectors() throws -> [[Float]] {
        try (FakeExplorerEngine.defaultCorpora["fruit"] ?? []).map { try ExplorerFixtures.engine.encode($0).analysis.vector }
    }

    static func mean(_ vectors: [[Float]]) -> [Float] {
        var mean = [Float](repeating: 0, count: vectors.first?.count ?? 0)
        for vector in vectors { for d in mean.indices { mean[d] += vector[d] / Float(vectors.count) } }
        return mean
    }

    /// Every distinct pair's cosine, ascending.
    static func pairCosines(_ vectors: [[Float]]) -> [Float] {
        var scores: [Float] = []
        for i in vectors.indices { for j in vectors.indices where j > i { scores.append(Float(VectorMath.cosine(vectors[i], vectors[j]))) } }
        return scores.sorted()
    }

    static func space(components: Int = 4) throws -> CorpusSpace {
        let vectors = try vectors()
        let mean = mean(vectors)
        let centred = vectors.map { CorpusProjection.centred($0, mean: mean) }
        // Axes: letters a, e, r, s (unit basis vectors: orthonormal by construction).
        let axes = [0, 4, 17, 18].prefix(components).map { letter -> [Float] in
            var axis = [Float](repeating: 0, count: 26)
            axis[letter] = 1
            return axis
        }
        let coordinates = axes.map { axis in vectors.map { vector in Float(zip(vector, mean).enumerated().reduce(0.0) { $0 + Double($1.element.0 - $1.element.1) * Double(axis[$1.offset]) }) } }
        let scores = pairCosines(vectors)
        return CorpusSpace(
            corpusName: "fruit", itemCount: vectors.count,
            scores: ScoreDistribution(quantiles: scores, pairCount: scores.count, isSampled: false, similarityLabel: "cos"),
            centredScores: ScoreDistribution(quantiles: pairCosines(centred), pairCount: scores.count, isSampled: false,
                                             similarityLabel: "cos"),
            mean: mean,
            projection: CorpusProjection(mean: mean, components: Array(axes),
                                         explainedRatios: [0.412, 0.187, 0.093, 0.051].prefix(components).map { $0 },
                                         coordinates: coordinates))
    }

    /// What the worker reports for `text` with centring: the top `k` by centred cosine, and the raw top `k`.
    static func centredReport(for text: String, generation: Int, k: Int, space: CorpusSpace) throws -> InputReport {
        let raw = try ExplorerFixtures.report(for: text, generation: generation)
        let mean = try require_(space.mean)
        let input = CorpusProjection.centred(raw.analysis.vector, mean: mean)
        let centred = raw.neighbours.map { item -> NeighbourItem in
            var copy = item
            copy.score = Float(VectorMath.cosine(input, CorpusProjection.centred(item.vector, mean: mean)))
            return copy
        }.sorted { $0.score > $1.score }.prefix(k)
        let encoded = try ExplorerFixtures.engine.encode(text)
        return InputReport(generation: generation, analysis: raw.analysis, encodeMilliseconds: 3.25,
                           neighbours: Array(centred),
                           neighbourShares: centred.map { ExplorerFixtures.engine.shares(of: encoded, toward: $0.vector) },
                           isCentred: true, uncentredNeighbours: Array(raw.neighbours.prefix(k)))
    }

    /// A state on the fruit corpus with its space loaded.
    static func state(columns: Int = 100, rows: Int = 30) throws -> ExplorerState {
        var state = ExplorerFixtures.state(columns: columns, rows: rows)
        _ = ExplorerReducer.reduce(&state, .spaceLoaded(corpus: "fruit", space: try space()))
        return state
    }

    struct Missing: Error {}
    static func require_<T>(_ value: T?) throws -> T {
        guard let value else { throw Missing() }
        return value
    }
}

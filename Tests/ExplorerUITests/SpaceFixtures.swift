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

    /// `vector` minus `mean`, renormalised: the test's own centring.
    static func centred(_ vector: [Float], mean: [Float]) -> [Float] {
        let difference = zip(vector, mean).map { $0 - $1 }
        let length = Float(VectorMath.norm(difference))
        return length > 0 ? difference.map { $0 / length } : difference
    }

    /// `mapSampledFrom`: the map's points stand for a sample of a corpus of that many items.
    static func space(components: Int = 4, mapSampledFrom: Int? = nil) throws -> ExplorerSpace {
        let vectors = try vectors()
        let mean = Self.mean(vectors)
        // Axes: letters a, e, r, s (unit basis vectors: orthonormal by construction).
        let letters = Array([0, 4, 17, 18].prefix(components))
        let project: @Sendable ([Float]) -> [Double]? = { vector in
            vector.count == mean.count ? letters.map { Double(vector[$0] - mean[$0]) } : nil
        }
        let coordinates = letters.map { letter in vectors.map { $0[letter] - mean[letter] } }
        let scores = pairCosines(vectors)
        let centredScores = pairCosines(vectors.map { centred($0, mean: mean) })
        return ExplorerSpace(
            corpusName: "fruit", itemCount: vectors.count,
            scores: counting(scores, identity: "fruit raw"), centredScores: counting(centredScores, identity: "fruit centred"),
            centring: VectorCentring(identity: "fruit") { $0.count == mean.count ? centred($0, mean: mean) : nil },
            projection: CorpusProjection(identity: "fruit", explainedRatios: Array([0.412, 0.187, 0.093, 0.051].prefix(components)),
                                         coordinates: coordinates, sampledFrom: mapSampledFrom, project: project))
    }

    /// A context that counts the pairs below (exact for the fixture's 15 pairs).
    static func counting(_ sorted: [Float], identity: String) -> PairScoreContext {
        PairScoreContext(identity: identity, pairCount: sorted.count, isSampled: false, similarityLabel: "cos",
                         median: sorted[sorted.count / 2]) { score in
            100 * Double(sorted.filter { $0 < score }.count) / Double(sorted.count)
        }
    }

    /// What the worker reports for `text` with centring: the top `k` by centred cosine, and the raw top `k`.
    static func centredReport(for text: String, generation: Int, k: Int, space: ExplorerSpace) throws -> InputReport {
        let raw = try ExplorerFixtures.report(for: text, generation: generation)
        let centring = try require_(space.centring)
        let input = try require_(centring.centred(raw.analysis.vector))
        let centred = raw.neighbours.map { item -> NeighbourItem in
            var copy = item
            copy.score = Float(VectorMath.cosine(input, centring.centred(item.vector) ?? []))
            return copy
        }.sorted { $0.score > $1.score }.prefix(k)
        let encoded = try ExplorerFixtures.engine.encode(text)
        return InputReport(generation: generation, analysis: raw.analysis, encodeMilliseconds: 3.25,
                           neighbours: Array(centred),
                           neighbourShares: centred.map { ExplorerFixtures.engine.shares(of: encoded, toward: $0.vector) },
                           isCentred: true, uncentredNeighbours: Array(raw.neighbours.prefix(k)))
    }

    /// A state on the fruit corpus with its space loaded.
    static func state(columns: Int = 100, rows: Int = 30, mapSampledFrom: Int? = nil) throws -> ExplorerState {
        var state = ExplorerFixtures.state(columns: columns, rows: rows)
        _ = ExplorerReducer.reduce(&state, .spaceLoaded(corpus: "fruit", space: try space(mapSampledFrom: mapSampledFrom)))
        return state
    }

    struct Missing: Error {}
    static func require_<T>(_ value: T?) throws -> T {
        guard let value else { throw Missing() }
        return value
    }
}

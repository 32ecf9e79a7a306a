import Foundation
import SpaceAnalysis
import TestSupport
import Testing

/// The numpy figures of `Tests/Fixtures/generators/space_statistics.py` and the vectors
/// they were computed from.
struct ReferenceFigures {
    struct Distribution {
        let mean: Double
        let percentiles: [Int: Double]
        let percentBelow: [Double]
    }

    let rows: Int
    let dimension: Int
    let vectors: [Float]
    let scoring: PairScoring
    let scores: Distribution
    let centredScores: Distribution
    let probes: [Double]
    let searchScores: [Double]
    let searchPercentBelow: [Double]
    let hubnessK: Int
    let skewness: Double
    let antihubs: Int
    let topCounts: [Int]
    let pcaRatios: [Double]

    init(_ name: String) throws {
        let url = Fixtures.root.appendingPathComponent("reference/space-statistics/\(name).json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let source = try #require(object["source"] as? String)
        var vectors: [Float] = []
        var rows = 0
        for line in try String(contentsOf: Fixtures.root.appendingPathComponent(source), encoding: .utf8).split(separator: "\n") {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            vectors += try #require(record["embedding"] as? [Double]).map { Float($0) }
            rows += 1
        }
        self.rows = rows
        self.vectors = vectors
        dimension = try #require(object["dimension"] as? Int)
        let scoringName = try #require(object["scoring"] as? String)
        scoring = try #require(PairScoring(rawValue: scoringName))
        func distribution(_ key: String) throws -> Distribution {
            let d = try #require(object[key] as? [String: Any])
            let percentiles = try #require(d["percentiles"] as? [String: Double])
            return Distribution(mean: try #require(d["mean"] as? Double),
                                percentiles: Dictionary(uniqueKeysWithValues: percentiles.map { (Int($0.key) ?? -1, $0.value) }),
                                percentBelow: try #require(d["percent_below"] as? [Double]))
        }
        scores = try distribution("scores")
        centredScores = try distribution("centred_scores")
        probes = try #require(object["probes"] as? [Double])
        searchScores = try #require(object["search_scores"] as? [Double])
        searchPercentBelow = try #require(object["search_percent_below"] as? [Double])
        let hubness = try #require(object["hubness"] as? [String: Any])
        hubnessK = try #require(hubness["k"] as? Int)
        skewness = try #require(hubness["skewness"] as? Double)
        antihubs = try #require(hubness["antihubs"] as? Int)
        topCounts = try #require(hubness["top_counts"] as? [Int])
        pcaRatios = try #require(object["pca_explained_variance_ratio"] as? [Double])
    }

    func matrix() throws -> ScoringMatrix {
        try ScoringMatrix(rows: rows, dimension: dimension, storage: .f32(vectors), scoring: scoring)
    }
}

import Corpora
import ExplorerUI
import Foundation
import SpaceAnalysis
import TestSupport
import Testing

/// The explorer's corpus map: every item's point up to `mapRowLimit` items; above, the points
/// of the statistics' own seeded sample of rows, the same points the whole map has for them,
/// and the map says it is a sample of how many.
@Suite struct ExplorerCorpusMapTests {
    private func engine(for corpus: ReferenceCorpus, mapRowLimit: Int) throws -> ExplorerCorpusEngine {
        let engine = ExplorerCorpusEngine(model: try ReferenceCorpus.model(), cachePath: corpus.cachePath, bundledCorpora: [:],
                                          mapRowLimit: mapRowLimit)
        _ = try engine.openCorpus(named: "reference", progress: { _ in })
        return engine
    }

    @Test func aboveTheLimitTheMapDrawsTheStatisticsSampleOfRowsAndSaysSo() throws {
        let corpus = try ReferenceCorpus(count: 25)
        try corpus.index(model: try ReferenceCorpus.model())
        let whole = try #require(try engine(for: corpus, mapRowLimit: 25).space(ofCorpus: "reference")?.projection)
        let sampled = try #require(try engine(for: corpus, mapRowLimit: 10).space(ofCorpus: "reference")?.projection)
        #expect(whole.itemCount == 25 && whole.sampledFrom == nil)
        #expect(sampled.itemCount == 10 && sampled.sampledFrom == 25)
        #expect(sampled.axisPairs == whole.axisPairs && sampled.explainedRatios == whole.explainedRatios)

        let positions = CorpusRows.samplePositions(rows: 25, count: 10, seed: CorpusSpace.rowSampleSeed)
        #expect(positions.count == 10 && Set(positions).count == 10)
        for pair in 0..<whole.axisPairs {
            let all = whole.points(pair: pair), part = sampled.points(pair: pair)
            for (index, position) in positions.enumerated() {
                #expect(abs(part.x[index] - all.x[position]) < 1e-5 && abs(part.y[index] - all.y[position]) < 1e-5,
                        "pair \(pair), row \(position)")
            }
        }
        // A live vector lands on the same axes either way.
        let vector = try #require(corpus.reference.embedding(of: corpus.texts[3]))
        #expect(sampled.project(vector, pair: 0) == whole.project(vector, pair: 0))
    }
}

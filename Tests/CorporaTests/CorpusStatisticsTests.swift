import Corpora
import Embedding
import Foundation
import SpaceAnalysis
import TestSupport
import Testing
import VectorCache

/// A corpus's statistics through the cache: computed once and read back, written through a
/// second connection when the store was opened read-only, and centred search.
@Suite struct CorpusStatisticsTests {
    @Test func statisticsAreStoredOnceAndReadBackUnchanged() throws {
        let corpus = try ReferenceCorpus(count: 20)
        let model = try ReferenceCorpus.model()
        try corpus.index(model: model)
        let reader = try VectorStore(path: corpus.cachePath, writable: false)
        let searcher = try CorpusSearcher(corpus: "reference", model: model, store: reader)
        let computed = try CorpusStatistics.space(of: searcher.corpus, in: reader)
        // Stored through a writable connection although this one reads only.
        let stored = try #require(CorpusStatistics.storedSpace(of: searcher.corpus, in: reader))
        #expect(stored == computed)
        #expect(computed.items == 20 && computed.scores.isExact && computed.scores.pairs == 190)
        // The tiny model's rows are not unit length: the statistics score cosines of unit rows.
        let rows = (0 ..< 20).compactMap { searcher.corpus.matrix.row($0) }
        var sum = 0.0
        for i in 0 ..< 20 { for j in i + 1 ..< 20 { sum += referenceCosine(rows[i], rows[j]) } }
        #expect(abs(computed.scores.mean - sum / 190) < 1e-5)
        let hubness = try CorpusStatistics.hubness(of: searcher.corpus, k: 3, in: reader)
        #expect(try CorpusStatistics.hubness(of: searcher.corpus, k: 3, in: reader) == hubness)
        #expect(try reader.statistics(of: searcher.corpus.record, kind: CorpusStatistics.hubnessKind(k: 3)) != nil)
    }

    @Test func centredSearchRanksByTheCentredCosine() throws {
        let corpus = try ReferenceCorpus(count: 20)
        let model = try ReferenceCorpus.model()
        try corpus.index(model: model)
        let store = try VectorStore(path: corpus.cachePath, writable: false)
        let searcher = try CorpusSearcher(corpus: "reference", model: model, store: store)
        let context = try CorpusSearcher.ScoreContext(for: searcher, centre: true)
        let query = "A man is playing a guitar."
        let hits = try #require(try searcher.hits(for: [query], k: 5, context: context).first)
        // Independently: unit rows, minus their mean, against the unit query minus the mean.
        let unit = { (v: [Float]) -> [Double] in
            let norm = v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            return v.map { Double($0) / norm }
        }
        let rows = (0 ..< 20).compactMap { searcher.corpus.matrix.row($0) }.map(unit)
        let mean = (0 ..< rows[0].count).map { t in rows.reduce(0.0) { $0 + $1[t] } / 20 }
        let q = unit(try #require(try model.encode([query]).first)).enumerated().map { $0.element - mean[$0.offset] }
        func cosine(_ a: [Double], _ b: [Double]) -> Double {
            let dot = zip(a, b).reduce(0.0) { $0 + $1.0 * $1.1 }
            return dot / (a.reduce(0.0) { $0 + $1 * $1 }.squareRoot() * b.reduce(0.0) { $0 + $1 * $1 }.squareRoot())
        }
        let expected = rows.enumerated().map { ($0.offset, cosine(q, $0.element.enumerated().map { $0.element - mean[$0.offset] })) }
            .sorted { $0.1 > $1.1 }
        #expect(hits.map(\.item.position) == expected.prefix(5).map(\.0))
        for (hit, reference) in zip(hits, expected) {
            #expect(abs(Double(hit.score) - reference.1) < 1e-4)
            let percentile = try #require(hit.percentile)
            #expect(percentile == context.space.centredScores.percentile(of: Double(hit.score)))
        }
    }
}

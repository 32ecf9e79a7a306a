import Corpora
import Embedding
import Foundation
import SpaceAnalysis
import Testing
import VectorCache

/// Corpus statistics through the cache when the rows are sampled: stored as `space-v2` with
/// their sample, old `space-v1` summaries still read, and index/import's final step.
@Suite struct SampledCorpusStatisticsTests {
    private func opened() throws -> (ReferenceCorpus, VectorStore, CorpusSearcher) {
        let corpus = try ReferenceCorpus(count: 20)
        let model = try ReferenceCorpus.model()
        try corpus.index(model: model)
        let store = try VectorStore(path: corpus.cachePath, writable: true)
        return (corpus, store, try CorpusSearcher(corpus: "reference", model: model, store: store))
    }

    @Test func aLoweredRowLimitStoresASampledSummaryThatIsReadBack() throws {
        let (corpus, store, searcher) = try opened()
        defer { withExtendedLifetime(corpus) {} }  // its directory holds the cache file
        let space = try CorpusStatistics.space(of: searcher.corpus, in: store, rowLimit: 10)
        #expect(space.items == 20 && space.analysedItems == 10 && space.isRowSampled)
        #expect(try store.statistics(of: searcher.corpus.record, kind: "space-v2") != nil)
        #expect(CorpusStatistics.storedSpace(of: searcher.corpus, in: store) == space)
        // Centred search with the sampled space: the mean is still every row's.
        let context = try CorpusSearcher.ScoreContext(for: searcher, centre: true)
        #expect(context.space == space)
        let whole = try CorpusSpace.compute(try CorpusStatistics.rows(of: searcher.corpus), workers: 2)
        for (x, y) in zip(space.centring.mean, whole.centring.mean) { #expect(abs(x - y) <= 1e-6) }
    }

    @Test func aVersionOneSummaryIsStillReadAndNotRecomputed() throws {
        let (corpus, store, searcher) = try opened()
        defer { withExtendedLifetime(corpus) {} }  // its directory holds the cache file
        let whole = try CorpusSpace.compute(try CorpusStatistics.rows(of: searcher.corpus), workers: 2)
        // Version 1 bytes: version 2 without the sample fields, under magic "SPC1".
        var bytes = SpaceSummaryCodec.encode(whole)
        bytes.removeSubrange(12 ..< 29)
        bytes[0] = UInt8(ascii: "1")
        _ = try store.storeStatistics(bytes, of: searcher.corpus.record, kind: CorpusStatistics.spaceKindV1)
        let read = try CorpusStatistics.space(of: searcher.corpus, in: store)
        #expect(read == whole && !read.isRowSampled)
        // Read, not computed: nothing was stored under the new kind.
        #expect(try store.statistics(of: searcher.corpus.record, kind: CorpusStatistics.spaceKind) == nil)
    }

    @Test func aWrittenCorpusGetsItsStatisticsAndAGoneOneNone() throws {
        let (corpus, store, searcher) = try opened()
        defer { withExtendedLifetime(corpus) {} }  // its directory holds the cache file
        let model = try ReferenceCorpus.model()
        #expect(CorpusStatistics.storedSpace(of: searcher.corpus, in: store) == nil)
        let prepared = try #require(try CorpusStatistics.prepare(corpus: "reference", in: store, model: model))
        #expect(CorpusStatistics.storedSpace(of: searcher.corpus, in: store) == prepared)
        #expect(try CorpusStatistics.prepare(corpus: "gone", in: store, model: model) == nil)
    }
}

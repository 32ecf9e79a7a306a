import Foundation
import Testing
@testable import VectorCache

/// Statistics summaries stored with a corpus: read back while the corpus is unchanged,
/// dropped when it is indexed again or removed, never stored for a corpus that changed.
@Suite struct CorpusStatisticsStorageTests {
    @Test func aSummaryIsReadBackForTheSameCorpus() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        _ = try index(sentences(6), into: "c", store: store, encoder: CountingEncoder())
        let corpus = try store.requireCorpus(named: "c")
        #expect(try store.statistics(of: corpus, kind: "space") == nil)
        #expect(try store.storeStatistics([1, 2, 3], of: corpus, kind: "space"))
        #expect(try store.statistics(of: corpus, kind: "space") == [1, 2, 3])
        #expect(try store.statistics(of: corpus, kind: "other") == nil)
        // A reader sees it too.
        let reader = try cache.open(writable: false)
        #expect(try reader.statistics(of: reader.requireCorpus(named: "c"), kind: "space") == [1, 2, 3])
    }

    @Test func indexingAgainOrRemovingDropsTheSummary() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        _ = try index(sentences(6), into: "c", store: store, encoder: CountingEncoder())
        try store.storeStatistics([9], of: store.requireCorpus(named: "c"), kind: "space")
        _ = try index(sentences(4), into: "c", store: store, encoder: CountingEncoder())
        #expect(try store.statistics(of: store.requireCorpus(named: "c"), kind: "space") == nil)
        #expect(try store.database.scalar("SELECT count(*) FROM corpus_statistics") == .integer(0))

        try store.storeStatistics([9], of: store.requireCorpus(named: "c"), kind: "space")
        _ = try store.removeCorpus(named: "c")
        #expect(try store.database.scalar("SELECT count(*) FROM corpus_statistics") == .integer(0))
    }

    @Test func aSummaryOfAnOutdatedRecordIsNotStored() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        _ = try index(sentences(6), into: "c", store: store, encoder: CountingEncoder())
        let before = try store.requireCorpus(named: "c")
        _ = try index(sentences(3), into: "c", store: store, encoder: CountingEncoder())
        #expect(try store.storeStatistics([7], of: before, kind: "space") == false)
        #expect(try store.statistics(of: store.requireCorpus(named: "c"), kind: "space") == nil)
    }
}

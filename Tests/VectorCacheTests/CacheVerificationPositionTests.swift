import Foundation
import Testing
import VectorCache

/// `verify` checks that each corpus's items sit at positions 0..<n without a gap and that a
/// complete corpus holds exactly its item count: search reads those positions and calls
/// anything else damaged, so verify must not say ok for it.
@Suite struct CacheVerificationPositionTests {
    /// Problems `verify` reports after `damage` on a cache holding corpus "c" of 10 items.
    private func problems(after damage: String) throws -> [String] {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(sentences(10), into: "c", store: store, encoder: CountingEncoder())
        try Database(path: cache.path, access: .readWriteCreate).execute(damage)
        return try store.verify().problems
    }

    @Test func oneMissingPositionIsNamed() throws {
        #expect(try problems(after: "DELETE FROM items WHERE position = 3") == [
            "corpus \"c\": no item at position 3",
            "corpus \"c\": 9 items stored, but it was completed with 10",
        ])
    }

    @Test func aRunOfMissingPositionsIsNamedAsARange() throws {
        #expect(try problems(after: "DELETE FROM items WHERE position BETWEEN 0 AND 2; DELETE FROM items WHERE position = 6") == [
            "corpus \"c\": no items at positions 0..<3",
            "corpus \"c\": no item at position 6",
            "corpus \"c\": 6 items stored, but it was completed with 10",
        ])
    }

    @Test func itemsPastTheCompletedCountAreFound() throws {
        #expect(try problems(after: "UPDATE corpora SET item_count = 7") == [
            "corpus \"c\": 10 items stored, but it was completed with 7"
        ])
    }

    @Test func aFarPositionIsAGapNotAnOverflow() throws {
        #expect(try problems(after: "UPDATE items SET position = 9223372036854775807 WHERE position = 9") == [
            "corpus \"c\": no items at positions 9..<9223372036854775807"
        ])
    }

    @Test func anIncompleteCorpusIsCheckedForGapsOnly() throws {
        #expect(try problems(after: "UPDATE corpora SET complete = 0, item_count = 0") == [])
        #expect(try problems(after: "UPDATE corpora SET complete = 0; DELETE FROM items WHERE position = 4") == [
            "corpus \"c\": no item at position 4"
        ])
    }
}

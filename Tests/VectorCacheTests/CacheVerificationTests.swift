import Foundation
import Testing
import VectorCache

/// `verify` checks every blob's size and every text's hash.
@Suite struct CacheVerificationTests {
    @Test func healthyCachePasses() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(sentences(10), into: "a", store: store, encoder: CountingEncoder())
        try index(sentences(4), into: "b", store: store, encoder: CountingEncoder(), precision: .f16)
        let report = try store.verify()
        #expect(report.problems == [])
        #expect(report.itemsChecked == 14 && report.vectorsChecked == 14)
    }

    @Test func wrongBlobSizeAndAlteredTextAreFound() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(sentences(10), into: "a", store: store, encoder: CountingEncoder())
        let raw = try Database(path: cache.path, access: .readWriteCreate)
        try raw.run("UPDATE vectors SET vector = zeroblob(12) WHERE id = (SELECT vector FROM items WHERE position = 2)")
        try raw.run("UPDATE items SET text = 'tampered' WHERE position = 7")
        let report = try store.verify()
        #expect(report.problems.count == 2)
        #expect(report.problems.contains { $0.contains("12 bytes, expected 32") })
        #expect(report.problems.contains { $0.contains("position 7") && $0.contains("hash") })
    }
}

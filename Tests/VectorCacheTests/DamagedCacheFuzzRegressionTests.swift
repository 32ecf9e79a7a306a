import Foundation
import Testing
import VectorCache

/// Values the cache-file fuzz target found (fuzz/cache-file/corpus/position-huge and
/// dimension-huge): a damaged or hand-edited cache must give errors, never a trap, an
/// impossible allocation or a silently empty corpus.
struct DamagedCacheFuzzRegressionTests {
    /// Calls `body` with a read-only store on a cache holding corpus "c" of 10 items
    /// (dimension 8) after `damage` ran with the schema's CHECK constraints off, as another
    /// program could write it.
    private func withDamagedCache(_ damage: String, _ body: (VectorStore) throws -> Void) throws {
        let cache = try TemporaryCache()
        do {
            let store = try cache.open()
            try index(sentences(10), into: "c", store: store, encoder: CountingEncoder())
        }
        do {
            let database = try Database(path: cache.path, access: .readWriteCreate)
            try database.execute("PRAGMA ignore_check_constraints = ON; " + damage)
        }
        // The directory (and the file) live until `body` returns.
        try withExtendedLifetime(cache) { try body(try cache.open(writable: false)) }
    }

    private func loadError(_ store: VectorStore) throws -> String? {
        let corpus = try #require(try store.corpus(named: "c"))
        let error = #expect(throws: VectorCacheError.self) { try store.loadMatrix(of: corpus) }
        return error.map(String.init(describing:))
    }

    @Test("a position of 2^62 is refused before rows × dimension overflows")
    func positionOverflowingTheMatrixSize() throws {
        try withDamagedCache("UPDATE items SET position = 4611686018427387904 WHERE position = 9") { store in
            let message = try loadError(store)
            #expect(message?.hasPrefix("corpus \"c\" is damaged: 4611686018427387905 positions of 8 components cannot be stored") == true,
                    "\(message ?? "")")
        }
    }

    @Test("a position of 10^11 is refused before allocating 3.2 TB")
    func positionAskingForAnImpossibleAllocation() throws {
        try withDamagedCache("UPDATE items SET position = 100000000000 WHERE position = 9") { store in
            let message = try loadError(store)
            #expect(message?.contains("100000000001 positions of 8 components cannot be stored") == true)
        }
    }

    @Test("a position of Int64.max (max + 1 wraps in SQL) does not make the corpus look empty")
    func positionWrappingTheCount() throws {
        try withDamagedCache("UPDATE items SET position = 9223372036854775807 WHERE position = 9") { store in
            let message = try loadError(store)
            #expect(message?.contains("is damaged") == true)
        }
    }

    @Test("a dimension of 2^62 is reported by loading, lookup and verify without overflowing")
    func dimensionOverflowingTheBlobSize() throws {
        try withDamagedCache("UPDATE models SET dimension = 4611686018427387904") { store in
            let message = try loadError(store)
            #expect(message?.contains("cannot be stored") == true)
            let corpus = try #require(try store.corpus(named: "c"))
            let vector = try store.vector(of: "sentence number 0", model: corpus.model, precision: .f32)
            #expect(vector == nil)
            let report = try store.verify()
            #expect(report.vectorsChecked == 10)
            #expect(report.problems.first == "vector row 1 (test-model): impossible dimension 4611686018427387904")
        }
    }
}

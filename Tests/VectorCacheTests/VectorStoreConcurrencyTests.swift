import Foundation
import Testing
import VectorCache

/// Two writers on one file, each with its own connection, as two processes would be.
@Suite struct VectorStoreConcurrencyTests {
    /// Runs two indexing jobs on two threads at once, starting from no file at all.
    private func runTogether(_ first: @escaping @Sendable () throws -> Void,
                             _ second: @escaping @Sendable () throws -> Void) -> [String] {
        let failures = Failures()
        let group = DispatchGroup()
        for job in [first, second] {
            group.enter()
            Thread.detachNewThread {
                do { try job() } catch { failures.add("\(error)") }
                group.leave()
            }
        }
        // Timed: two writers that deadlock must fail the test, not hang the run.
        if group.wait(timeout: .now() + .seconds(120)) != .success { failures.add("the two jobs did not finish in 120 s") }
        return failures.all
    }

    @Test func twoIndexersOnDifferentCorporaBothFinish() throws {
        let cache = try TemporaryCache()
        let path = cache.path
        // Each run's first encode waits there for the other's: both runs are then known to be
        // mid-indexing at once, so the test proves they overlapped rather than ran in turn.
        let bothIndexing = Rendezvous(parties: 2)
        let failures = runTogether({
            let encoder = CountingEncoder()
            encoder.beforeEncoding = { bothIndexing.arrive() }
            try index(sentences(300, prefix: "left"), into: "left", store: VectorStore(path: path, writable: true),
                      encoder: encoder, batchSize: 8)
        }, {
            let encoder = CountingEncoder()
            encoder.beforeEncoding = { bothIndexing.arrive() }
            try index(sentences(300, prefix: "right"), into: "right", store: VectorStore(path: path, writable: true),
                      encoder: encoder, batchSize: 8)
        })
        #expect(failures.isEmpty)
        #expect(bothIndexing.allMet, "the two runs were never mid-indexing at the same time")
        let store = try cache.open(writable: false)
        for name in ["left", "right"] {
            let corpus = try store.requireCorpus(named: name)
            #expect(corpus.isComplete && corpus.itemCount == 300)
            let matrix = try store.loadMatrix(of: corpus)
            #expect(matrix.row(299) == CountingEncoder.vector(for: "\(name) number 299", dimension: 8))
        }
        #expect(try store.verify().isHealthy)
    }

    @Test func twoIndexersOnTheSameCorpusBothFinish() throws {
        let cache = try TemporaryCache()
        let path = cache.path
        let texts = sentences(300)
        // The runs take turns on one corpus. Whichever holds it first stops at its first
        // encode until the other reports that it waits for the corpus: so the second run
        // started while the first was mid-run, and the test proves they overlapped.
        let otherWaits = Latch()
        @Sendable func encoder() -> CountingEncoder {
            let encoder = CountingEncoder()
            encoder.beforeEncoding = { otherWaits.wait() }
            return encoder
        }
        let failures = runTogether({
            try index(texts, into: "same", store: VectorStore(path: path, writable: true), encoder: encoder(), batchSize: 8,
                      onWait: { otherWaits.open() })
        }, {
            try index(texts, into: "same", store: VectorStore(path: path, writable: true), encoder: encoder(), batchSize: 5,
                      onWait: { otherWaits.open() })
        })
        #expect(failures.isEmpty)
        #expect(otherWaits.openings == 1, "exactly one run waited for the other")
        let store = try cache.open(writable: false)
        let corpus = try store.requireCorpus(named: "same")
        #expect(corpus.isComplete && corpus.itemCount == 300)
        #expect(try store.vectorCount(model: corpus.model, precision: .f32) == 300)
        let matrix = try store.loadMatrix(of: corpus)
        for row in [0, 150, 299] { #expect(matrix.row(row) == CountingEncoder.vector(for: texts[row], dimension: 8)) }
        #expect(try store.verify().isHealthy)
    }
}

extension VectorStoreConcurrencyTests {
    /// A new cache's switch to WAL upgrades a read lock to a write lock, where SQLite returns
    /// SQLITE_BUSY without waiting: opening must still wait out another writer, not fail.
    @Test func openingANewCacheWaitsForAWriterHoldingTheLock() throws {
        let cache = try TemporaryCache()
        let path = cache.path
        // A fresh file still in rollback mode, its write lock held, as a second indexer
        // creating the same cache holds it while switching to WAL.
        let holder = try Database(path: path, access: .readWriteCreate)
        try holder.execute("BEGIN IMMEDIATE")
        let failures = Failures()
        let group = DispatchGroup()
        // Signalled by the opener each time it finds the lock held and waits: once it has, the
        // opener is known to be inside the wait while the holder still has the lock.
        let waiting = DispatchSemaphore(value: 0)
        group.enter()
        Thread.detachNewThread {
            do { _ = try VectorStore(path: path, writable: true, whileWaiting: { waiting.signal() }) } catch {
                failures.add("\(error)")
                waiting.signal()  // a failed opener ends the wait too: its error fails the test below
            }
            group.leave()
        }
        try #require(waiting.wait(timeout: .now() + .seconds(60)) == .success, "the opener never waited for the lock: \(failures.all)")
        try holder.execute("COMMIT")
        // Timed: an opener that never stops waiting must fail the test, not hang the run.
        try #require(group.wait(timeout: .now() + .seconds(60)) == .success, "the opener did not finish")
        #expect(failures.all.isEmpty)
        #expect(try cache.open(writable: false).schemaVersion() >= 1)
    }
}

/// Errors collected from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ failure: String) { lock.withLock { items.append(failure) } }
    var all: [String] { lock.withLock { items } }
}

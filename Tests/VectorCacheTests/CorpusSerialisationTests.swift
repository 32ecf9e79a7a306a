import Foundation
import Testing
import VectorCache

/// One indexing run or removal per corpus at a time. Two runs used to interleave their
/// batches (leaving items of both files), and a removal under a run ended in SQLite's raw
/// "FOREIGN KEY constraint failed". Synchronised by gates (the `onWait` callback and
/// semaphores), never by sleeping.
@Suite struct CorpusSerialisationTests {
    /// Runs `body` on its own thread; the returned group is left when it is done.
    private func background(_ failures: ThreadFailures, _ body: @escaping @Sendable () throws -> Void) -> DispatchGroup {
        let group = DispatchGroup()
        group.enter()
        Thread.detachNewThread {
            do { try body() } catch { failures.add("\(error)") }
            group.leave()
        }
        return group
    }

    /// Waits for the background thread to reach its gate. A thread that threw before it got
    /// there never signals: its failure is reported, and the timeout keeps the test from
    /// hanging (the old bare `wait()` waited forever).
    private func awaitGate(_ gate: DispatchSemaphore, _ thread: DispatchGroup, _ failures: ThreadFailures,
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reached = gate.wait(timeout: .now() + .seconds(Self.timeoutSeconds)) == .success
        if !reached {
            _ = thread.wait(timeout: .now() + .seconds(1))
            try #require(failures.isEmpty, "the background thread failed: \(failures.all)", sourceLocation: sourceLocation)
        }
        try #require(reached, "the background thread never reached its gate", sourceLocation: sourceLocation)
    }

    /// Waits for the background thread to finish and checks it did not fail.
    private func awaitEnd(_ thread: DispatchGroup, _ failures: ThreadFailures,
                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ended = thread.wait(timeout: .now() + .seconds(Self.timeoutSeconds)) == .success
        try #require(ended, "the background thread did not finish", sourceLocation: sourceLocation)
        #expect(failures.isEmpty, "\(failures.all)", sourceLocation: sourceLocation)
    }

    /// Far above any real wait here (milliseconds), low enough that a broken run ends.
    private static let timeoutSeconds = 60

    @Test func secondHolderOfACorpusWaitsUntilTheFirstReleases() throws {
        let cache = try TemporaryCache()
        let path = cache.path
        let first = try cache.open().lockCorpus(named: "c")
        let waiting = DispatchSemaphore(value: 0)
        let acquired = Flag()
        let failures = ThreadFailures()
        let done = background(failures) {
            let lock = try VectorStore(path: path, writable: true).lockCorpus(named: "c") { waiting.signal() }
            acquired.set()
            lock.release()
        }
        try awaitGate(waiting, done, failures)  // the second one found the corpus taken …
        #expect(!acquired.isSet)  // … and has not gone on
        first.release()
        try awaitEnd(done, failures)
        #expect(acquired.isSet)
    }

    @Test func differentCorporaDoNotWaitForEachOther() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let held = try store.lockCorpus(named: "left")
        var waited = false
        let other = try VectorStore(path: cache.path, writable: true).lockCorpus(named: "right") { waited = true }
        #expect(!waited)
        withExtendedLifetime((held, other)) {}
        #expect(CorpusLockOffsets.distinct(["left", "right", "c", "C", ""]))
    }

    @Test func aReleasedLockIsFreeAtOnce() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try store.lockCorpus(named: "c").release()
        var waited = false
        _ = try store.lockCorpus(named: "c") { waited = true }
        #expect(!waited)
    }

    /// The second run starts while the first holds the corpus, waits, and then makes the
    /// corpus exactly its own texts: no items of the first run are left behind.
    @Test func secondIndexerWaitsAndLeavesOnlyItsOwnItems() throws {
        let cache = try TemporaryCache()
        let path = cache.path
        let big = sentences(40, prefix: "big"), small = sentences(5, prefix: "small")
        let first = try CorpusIndexer(store: cache.open(), corpus: "c", model: testModel(), precision: nil,
                                      sources: ["big"], batchSize: 4, encode: CountingEncoder().encode)
        for text in big.prefix(20) { try first.add(CorpusItem(text: text)) }
        let waiting = DispatchSemaphore(value: 0)
        let failures = ThreadFailures()
        let second = background(failures) {
            let indexer = try CorpusIndexer(store: VectorStore(path: path, writable: true), corpus: "c", model: testModel(),
                                            precision: nil, sources: ["small"], batchSize: 4,
                                            onWait: { waiting.signal() }, encode: CountingEncoder().encode)
            for text in small { try indexer.add(CorpusItem(text: text)) }
            _ = try indexer.finish()
        }
        try awaitGate(waiting, second, failures)  // both runs are under way at once
        for text in big.dropFirst(20) { try first.add(CorpusItem(text: text)) }
        #expect(try first.finish().items == 40)
        try awaitEnd(second, failures)
        let store = try cache.open(writable: false)
        let corpus = try store.requireCorpus(named: "c")
        #expect(corpus.isComplete && corpus.itemCount == 5)
        #expect(try store.items(of: corpus, at: Array(0..<40)).map(\.item.text) == small)
        #expect(try store.verify().isHealthy)
    }

    @Test func removalWaitsForTheRunAndRemovesWhatItFinished() throws {
        let cache = try TemporaryCache()
        let path = cache.path
        let indexer = try CorpusIndexer(store: cache.open(), corpus: "c", model: testModel(), precision: nil,
                                        sources: ["t"], batchSize: 4, encode: CountingEncoder().encode)
        for text in sentences(10) { try indexer.add(CorpusItem(text: text)) }
        let waiting = DispatchSemaphore(value: 0)
        let failures = ThreadFailures()
        let removedItems = Counter()
        let removal = background(failures) {
            let removed = try VectorStore(path: path, writable: true).removeCorpus(named: "c") { waiting.signal() }
            removedItems.set(removed.items)
        }
        try awaitGate(waiting, removal, failures)
        for text in sentences(10, prefix: "more") { try indexer.add(CorpusItem(text: text)) }
        _ = try indexer.finish()
        try awaitEnd(removal, failures)
        #expect(removedItems.value == 20)
        #expect(try cache.open(writable: false).corpora().isEmpty)
    }

    /// Vectors a batch meant to reuse can vanish between its lookup and its write (another
    /// corpus removed, or a vacuum); the batch is retried and encodes them instead of failing.
    @Test func reusedVectorsRemovedMidBatchAreEncodedInstead() throws {
        let cache = try TemporaryCache()
        let path = cache.path
        let shared = sentences(6)
        try index(shared, into: "old", store: cache.open(), encoder: CountingEncoder())
        let encoder = CountingEncoder()
        var removed = false
        let indexer = try CorpusIndexer(store: cache.open(), corpus: "new", model: testModel(), precision: nil,
                                        sources: ["t"], batchSize: 8) { texts in
            // Called between the batch's lookup (which found `shared` stored) and its write.
            if !removed {
                removed = true
                _ = try VectorStore(path: path, writable: true).removeCorpus(named: "old")
            }
            return try encoder.encode(texts)
        }
        for text in shared + ["fresh one", "fresh two"] { try indexer.add(CorpusItem(text: text)) }
        let report = try indexer.finish()
        // Counted once, from the attempt that committed: 8 vectors stored, none reused (the
        // first attempt's counts used to be added too: 10 encoded, 6 unchanged … for 8 items).
        #expect(report.items == 8 && report.encoded == 8 && report.converted == 0 && report.unchanged == 0)
        #expect(report.reused == 0)
        // The retry encodes only what vanished; the fresh texts' vectors are kept from the first attempt.
        #expect(encoder.encodedTexts == ["fresh one", "fresh two"] + shared)
        let store = try cache.open(writable: false)
        #expect(try store.items(of: store.requireCorpus(named: "new"), at: Array(0..<8)).count == 8)
        #expect(try store.verify().isHealthy)
    }
}

/// Whether the lock bytes of these names differ (a sanity check of the name → offset map).
enum CorpusLockOffsets {
    static func distinct(_ names: [String]) -> Bool {
        Set(names.map { CorpusLock.byteOffset(of: $0) }).count == names.count
    }
}

/// A flag set once from another thread.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// An integer set from another thread.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = 0
    func set(_ value: Int) { lock.withLock { stored = value } }
    var value: Int { lock.withLock { stored } }
}

/// Errors thrown on other threads, collected for the test's expectations.
final class ThreadFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String] = []
    func add(_ failure: String) { lock.withLock { failures.append(failure) } }
    var all: [String] { lock.withLock { failures } }
    var isEmpty: Bool { all.isEmpty }
}

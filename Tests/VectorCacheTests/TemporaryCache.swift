import Digest
import Foundation
import VectorCache

/// A fresh directory for one test's cache files, removed when the value goes away.
final class TemporaryCache {
    let directory: URL
    /// Where the cache database goes (not created until a store opens it).
    var path: String { directory.appendingPathComponent("cache.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("semblance-cache-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A store on this cache, writable unless asked otherwise.
    func open(writable: Bool = true) throws -> VectorStore {
        try VectorStore(path: path, writable: writable)
    }

    /// The file's bytes, to prove that a refused file was not modified.
    func bytes(at path: String? = nil) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path ?? self.path))
    }
}

/// A stand-in encoder: a deterministic unit vector per text, counting every text it encodes.
final class CountingEncoder: @unchecked Sendable {
    let dimension: Int
    private let lock = NSLock()
    private var _encodedTexts: [String] = []
    /// Throw after this many texts, to simulate a crash mid-run.
    var failAfter: Int?
    /// Called at the start of every `encode`, before any work (tests hold a run there).
    var beforeEncoding: (@Sendable () -> Void)?

    init(dimension: Int = 8) { self.dimension = dimension }

    var encodedTexts: [String] { lock.withLock { _encodedTexts } }
    var encodedCount: Int { encodedTexts.count }

    func encode(_ texts: [String]) throws -> [[Float]] {
        beforeEncoding?()
        try lock.withLock {
            if let failAfter, _encodedTexts.count + texts.count > failAfter { throw SimulatedCrash() }
            _encodedTexts.append(contentsOf: texts)
        }
        return texts.map { Self.vector(for: $0, dimension: dimension) }
    }

    /// The vector this encoder gives `text`: from its SHA-256 bytes, normalized.
    static func vector(for text: String, dimension: Int) -> [Float] {
        var bytes: [UInt8] = []
        var counter = 0
        while bytes.count < dimension {
            bytes += SHA256.hash("\(counter):\(text)").bytes
            counter += 1
        }
        let raw = bytes.prefix(dimension).map { Float(Int($0) - 128) / 128 }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / max(norm, 1e-6) }
    }

    struct SimulatedCrash: Error {}
}

/// A model identity for tests (dimension 8 unless told).
func testModel(name: String = "test-model", dimension: Int = 8, weights: String = "w1",
               components: [String: String] = ["pooling": "mean"]) -> ModelIdentity {
    ModelIdentity(name: name, dimension: dimension, weightsSHA256: SHA256.hash(weights).hex, components: components)
}

/// Indexes `texts` into `corpus` with `encoder`, returning the run's report.
@discardableResult
func index(_ texts: [String], into corpus: String, store: VectorStore, encoder: CountingEncoder,
           model: ModelIdentity? = nil, precision: VectorPrecision? = nil, batchSize: Int = 4,
           onWait: (() -> Void)? = nil) throws -> CorpusIndexer.Report {
    let indexer = try CorpusIndexer(store: store, corpus: corpus, model: model ?? testModel(dimension: encoder.dimension),
                                    precision: precision, sources: ["test.txt"], batchSize: batchSize,
                                    onWait: onWait, encode: encoder.encode)
    for text in texts { try indexer.add(CorpusItem(text: text)) }
    return try indexer.finish()
}

/// `count` distinct sentences.
func sentences(_ count: Int, prefix: String = "sentence") -> [String] {
    (0..<count).map { "\(prefix) number \($0)" }
}

/// A meeting point for `parties` threads: `arrive` returns once all have arrived (at once for
/// every later call), so each knows the others were running at the same moment. Bounded, so
/// a run that never arrives fails the test instead of hanging it.
final class Rendezvous: @unchecked Sendable {
    private let condition = NSCondition()
    private let parties: Int
    private var arrived = 0
    private var gaveUp = false  // after one timeout, later calls fail at once: no 60 s per call

    init(parties: Int) { self.parties = parties }

    /// False when the others did not arrive within `seconds`.
    @discardableResult
    func arrive(seconds: Double = 60) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let deadline = Date().addingTimeInterval(seconds)
        while arrived < parties {
            if gaveUp || !condition.wait(until: deadline) { gaveUp = true; return arrived >= parties }
        }
        return true
    }

    /// True when all parties arrived and none timed out first: they were all there at once.
    var allMet: Bool { condition.lock(); defer { condition.unlock() }; return arrived >= parties && !gaveUp }
}

/// A gate that stays open once opened: `wait` returns true at once after `open`, else waits
/// (bounded, so a gate never opened fails the test instead of hanging it).
final class Latch: @unchecked Sendable {
    private let condition = NSCondition()
    private var opened = 0
    private var gaveUp = false  // after one timeout, later waits fail at once: no 60 s per call

    func open() { condition.lock(); opened += 1; condition.broadcast(); condition.unlock() }

    @discardableResult
    func wait(seconds: Double = 60) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while opened == 0 {
            if gaveUp || !condition.wait(until: deadline) { gaveUp = true; return opened > 0 }
        }
        return true
    }

    /// How many times `open` was called.
    var openings: Int { condition.lock(); defer { condition.unlock() }; return opened }
}

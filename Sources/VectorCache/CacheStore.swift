import HalfFloat
import Foundation

/// The cache as every command sees it, whichever engine holds it: one user's SQLite file
/// (`VectorStore`) or a shared PostgreSQL database (`PostgresStore`). Same data model in
/// both: models with fingerprints, vectors by (model, precision, text hash), corpora and
/// their items. Search always runs in-process on the loaded matrix.
public protocol CacheStore: AnyObject {
    /// The file path, or `host:port/db` of a server (never a password): for messages.
    var displayName: String { get }
    var isWritable: Bool { get }
    func schemaVersion() throws -> Int

    func register(_ identity: ModelIdentity) throws -> ModelRecord
    func model(fingerprint: String) throws -> ModelRecord?
    /// SHA-256 (hex) of a weights file, remembered where the engine can.
    func weightsSHA256(of file: URL, settleTime: Duration) throws -> String

    func corpus(named name: String) throws -> CorpusRecord?
    func corpora() throws -> [CorpusRecord]
    func summaries() throws -> [CorpusSummary]
    func items(of corpus: CorpusRecord, at positions: [Int]) throws -> [StoredItem]
    func forEachItem(of corpus: CorpusRecord, _ body: (StoredItem) throws -> Void) throws
    func loadMatrix(of corpus: CorpusRecord) throws -> CorpusMatrix
    /// The matrix for search: SQLite maps its sidecar when current (`VectorStore.openMatrix`);
    /// PostgreSQL reads it from the server.
    func openMatrix(of corpus: CorpusRecord) throws -> (matrix: CorpusMatrix, source: CorpusMatrixSource)
    /// Approximate search's sign codes of `corpus` kept from an earlier open, when current
    /// (SQLite keeps them beside the matrix sidecar; PostgreSQL keeps none).
    func storedSignCodes(of corpus: CorpusRecord, normalize: Bool) -> SignCodes?
    /// Keeps sign codes for the next open, best effort.
    func storeSignCodes(_ codes: SignCodes, of corpus: CorpusRecord)
    func vector(of text: String, model: ModelRecord, precision: VectorPrecision) throws -> [Float]?
    func vectorCount(model: ModelRecord, precision: VectorPrecision) throws -> Int

    func removeCorpus(named name: String, onWait: (() -> Void)?) throws -> CacheRemoval
    func vacuum() throws -> CacheCompaction
    func verify(maximumProblems: Int) throws -> CacheVerification
    /// Bytes the cache takes (the file and its log, or the database's tables).
    func storageBytes() throws -> Int

    /// The stored statistics summary of `kind` for `corpus` as it is now, or nil (see
    /// `VectorStore.statistics(of:kind:)`).
    func statistics(of corpus: CorpusRecord, kind: String) throws -> [UInt8]?
    /// Stores a statistics summary unless the corpus changed since `corpus` was read.
    @discardableResult
    func storeStatistics(_ summary: [UInt8], of corpus: CorpusRecord, kind: String) throws -> Bool
    /// Records where a corpus's vectors came from (`import` marks its corpora imported).
    func setOrigin(of corpus: CorpusRecord, to origin: CorpusOrigin) throws
    /// A second connection to the same cache (to keep statistics computed on a read-only one).
    func reopened(writable: Bool) throws -> any CacheStore

    /// A run that streams items into corpus `name`; see `CorpusIndexer`. On PostgreSQL,
    /// several runs of the same corpus split its batches between them.
    func makeIndexer(corpus name: String, model: ModelIdentity, precision: VectorPrecision?, sources: [String],
                     batchSize: Int, onWait: (() -> Void)?, encode: @escaping CorpusIndexer.Encode) throws -> any CorpusIndexingRun
}

/// One indexing run of one corpus: `add` items in order, then `finish`.
public protocol CorpusIndexingRun: AnyObject {
    var corpus: CorpusRecord { get }
    /// Called after each batch with the corpus's progress (on PostgreSQL, every worker's).
    var onProgress: ((CorpusIndexer.Progress) -> Void)? { get set }
    func add(_ item: CorpusItem) throws
    /// Adds a batch that brings its own vectors (see `CorpusIndexer.add(_: PreparedBatch)`);
    /// a run without its own way takes the items one by one, vectors through `encode`.
    func add(_ batch: PreparedBatch) throws
    func finish() throws -> CorpusIndexer.Report
    /// Lets the run commit up to `rows` items at once (see `CorpusIndexer.groupCommits`);
    /// a run that must commit each batch (a server's claims) ignores it.
    func groupCommits(upTo rows: Int)
}

extension CorpusIndexingRun {
    public func groupCommits(upTo rows: Int) {}
    public func add(_ batch: PreparedBatch) throws {
        for item in batch.items { try add(item) }
    }
}

/// What `removeCorpus` deleted.
public struct CacheRemoval: Sendable, Equatable {
    public let items: Int
    /// Vectors no other corpus used.
    public let vectors: Int
}

/// What `vacuum` did.
public struct CacheCompaction: Sendable, Equatable {
    public let orphanVectors: Int
    public let bytesBefore: Int
    public let bytesAfter: Int
}

extension CacheStore {
    public func storedSignCodes(of corpus: CorpusRecord, normalize: Bool) -> SignCodes? { nil }
    public func storeSignCodes(_ codes: SignCodes, of corpus: CorpusRecord) {}

    /// The corpus named `name`; throws `unknownCorpus` (listing the known ones) if there is none.
    public func requireCorpus(named name: String) throws -> CorpusRecord {
        if let corpus = try corpus(named: name) { return corpus }
        throw VectorCacheError.unknownCorpus(name: name, known: try corpora().map(\.name))
    }

    public func removeCorpus(named name: String) throws -> CacheRemoval { try removeCorpus(named: name, onWait: nil) }
    public func verify() throws -> CacheVerification { try verify(maximumProblems: 100) }
    public func weightsSHA256(of file: URL) throws -> String { try weightsSHA256(of: file, settleTime: .seconds(2)) }

    /// Throws unless `corpus` was built with `model` (and, if given, at `precision`).
    public func check(_ corpus: CorpusRecord, isFor model: ModelRecord, precision: VectorPrecision? = nil) throws {
        guard corpus.model.fingerprint == model.fingerprint else {
            throw Self.mismatch(corpus, requested: model.name, fingerprint: model.fingerprint, details: model.details)
        }
        if let precision, precision != corpus.precision {
            throw VectorCacheError.precisionMismatch(corpus: corpus.name, stored: corpus.precision, requested: precision)
        }
    }

    /// Throws unless `corpus` was built with the model of this identity; names both models.
    public func check(_ corpus: CorpusRecord, isFor identity: ModelIdentity) throws {
        let fingerprint = identity.fingerprint
        guard corpus.model.fingerprint == fingerprint else {
            throw Self.mismatch(corpus, requested: identity.name, fingerprint: fingerprint, details: identity.detailsJSON)
        }
    }

    /// `encoderMismatch` when only the encoder's precision differs, else `modelMismatch`.
    private static func mismatch(_ corpus: CorpusRecord, requested name: String, fingerprint: String,
                                 details: String) -> VectorCacheError {
        if let precisions = EncoderPrecisionDifference.between(storedDetails: corpus.model.details, requestedDetails: details) {
            return .encoderMismatch(corpus: corpus.name, model: corpus.model.name,
                                    stored: precisions.stored, requested: precisions.requested)
        }
        return .modelMismatch(corpus: corpus.name, builtWith: corpus.model.name, builtWithFingerprint: corpus.model.fingerprint,
                              requested: name, requestedFingerprint: fingerprint)
    }
}

/// Opens the cache a location names: a PostgreSQL server for a `postgresql://` or
/// `postgres://` value (never taken for a file), else the SQLite file.
public enum CacheStores {
    public static func open(_ location: CacheLocation, writable: Bool) throws -> any CacheStore {
        if location.isServer { return try PostgresStore(url: location.path, writable: writable) }
        return try VectorStore(path: location.path, writable: writable, createDirectories: location.createsDirectories)
    }
}

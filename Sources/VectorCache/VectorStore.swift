import Foundation

/// The semblance cache: models, vectors, corpora and their items in one SQLite file.
///
/// Not thread-safe; use one `VectorStore` per thread or process. Several may use the same
/// file at once: WAL lets readers run beside a writer, and writers queue on the busy timeout
/// (the one-time switch to WAL retries by hand: SQLite skips the busy handler there).
public final class VectorStore {
    /// The path as given, for messages.
    public let path: String
    /// The real file, every symbolic link resolved: SQLite and the corpus locks use this.
    public let resolvedPath: String
    let database: Database
    /// Whether this store may write (opened with `writable: true`).
    public let isWritable: Bool
    /// The bytes the write-ahead log is cut back to when it starts over.
    static let journalSizeLimit = 64 << 20

    /// Opens the cache at `path`. With `writable`, creates it when missing (and its directory
    /// too with `createDirectories`, else the directory must exist) and upgrades an older
    /// schema; without, fails when missing and never writes, reading a cache on read-only
    /// media (or in a directory the permission bits keep read-only) as immutable.
    ///
    /// Throws `VectorCacheError` — for a directory, FIFO, socket, device or anything else
    /// that is not a regular file (links are followed), a non-database, a damaged or foreign
    /// database, an impossible or newer schema, or (when writing) a read-only file — before
    /// touching the file.
    ///
    /// `whileWaiting` is called each time opening for writing finds another connection holding
    /// the lock and waits for it (tests use it to know the wait has begun).
    public init(path: String, writable: Bool, createDirectories: Bool = false,
                whileWaiting: (@Sendable () -> Void)? = nil) throws {
        self.path = path
        self.isWritable = writable
        let plan = try CacheOpening.inspect(path: path, forWriting: writable, createDirectories: createDirectories)
        resolvedPath = plan.location.resolvedPath
        if !writable {
            if case .absent = plan.found { throw VectorCacheError.missing(path: path) }
            if case .database(version: 0) = plan.found { throw VectorCacheError.missing(path: path) }
        }
        do {
            database = try Database(path: resolvedPath, access: writable ? .readWriteCreate : plan.readAccess)
            if writable {
                if database.isReadOnly { throw VectorCacheError.readOnly(path: path) }
                try prepareForWriting(whileWaiting: whileWaiting)
            } else {
                // Reading a large corpus goes faster through the memory map than through read().
                try database.execute("PRAGMA mmap_size = 4294967296")
            }
        } catch let error as SQLiteError {
            throw CacheOpening.classify(error, path: path, writing: writable)
        }
    }

    /// Page size, WAL, durability and foreign keys, then any pending migrations.
    private func prepareForWriting(whileWaiting: (@Sendable () -> Void)?) throws {
        // page_size only takes effect on a database with no tables yet; harmless otherwise.
        try database.execute("PRAGMA page_size = \(CacheSchema.pageSize)")
        try database.enableWriteAheadLog(whileWaiting: whileWaiting)
        // NORMAL in WAL mode: a killed process loses nothing committed; a power cut may lose
        // the last transactions but never corrupts.
        try database.execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
        // The log keeps the size of its largest transaction (an import's checkpoint interval:
        // up to a GiB) until it is cut back here, the next time it starts over.
        try database.execute("PRAGMA journal_size_limit = \(Self.journalSizeLimit)")
        let version = try database.scalar("PRAGMA user_version")?.int ?? 0
        guard version < CacheSchema.currentVersion else { return }
        try database.writeTransaction {
            // Another process may have migrated while we waited for the lock.
            let current = try database.scalar("PRAGMA user_version")?.int ?? 0
            if current > CacheSchema.currentVersion {
                throw VectorCacheError.newerSchema(path: path, found: current, supported: CacheSchema.currentVersion)
            }
            guard current >= 0 else { throw VectorCacheError.invalidSchema(path: path, detail: "schema version \(current)") }
            for migration in CacheSchema.migrations.dropFirst(current) {
                try database.execute(migration)
            }
            try database.execute("PRAGMA application_id = \(CacheSchema.applicationID)")
            try database.execute("PRAGMA user_version = \(CacheSchema.currentVersion)")
        }
    }

    /// The schema version of the open file.
    public func schemaVersion() throws -> Int {
        try guarded { try database.scalar("PRAGMA user_version")?.int ?? 0 }
    }

    /// Runs `body`, turning SQLite failures into `VectorCacheError`s that name this cache.
    func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw CacheOpening.classify(error, path: path, writing: isWritable)
        }
    }

    /// Runs `body` in one write transaction, with SQLite failures named as above.
    func writing<T>(_ body: () throws -> T) throws -> T {
        guard isWritable else { throw VectorCacheError.readOnly(path: path) }
        return try guarded { try database.writeTransaction(body) }
    }

    /// The file's size in bytes, with its WAL.
    public func fileBytes() -> Int {
        let size = { (file: String) -> Int in
            ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0
        }
        return size(resolvedPath) + size(resolvedPath + "-wal")
    }
}

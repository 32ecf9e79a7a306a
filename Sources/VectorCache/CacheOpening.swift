import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The checks made before a cache file is opened, so that a file that is not ours, is
/// damaged, comes from a newer semblance, is not a regular file or is read-only is never
/// modified, and a read-only one can still be read.
enum CacheOpening {
    /// What was found at the path.
    enum Found: Equatable {
        case absent
        /// A database with this schema version (0 for an empty file or a fresh database).
        case database(version: Int)
    }

    /// How to open the file, once it passed the checks.
    struct Plan {
        let location: CacheFileLocation
        let found: Found
        /// How a reader opens it: immutable on read-only media, where SQLite could not
        /// create the `-shm` a WAL reader needs.
        let readAccess: Database.Access
    }

    /// Looks at `path` (through a read-only connection when there is a file) and throws if it
    /// must not be used. A writer gets the file's directory created only with
    /// `createDirectories` (the default location); otherwise it must exist.
    static func inspect(path: String, forWriting: Bool, createDirectories: Bool) throws -> Plan {
        let location = try locate(path, forWriting: forWriting, createDirectories: createDirectories)
        guard location.exists else {
            if forWriting { try checkDirectoryWritable(location, path: path) }
            return Plan(location: location, found: .absent, readAccess: .readOnly)
        }
        let file = location.resolvedPath
        guard access(file, R_OK) == 0 else {
            throw forWriting ? VectorCacheError.cannotCreate(path: path, reason: "the file is not readable")
                : VectorCacheError.cannotOpen(path: path, reason: "the file is not readable")
        }
        let readOnlyMedia = !isWritable(file) || !isWritable(location.directory)
        // Immutable ignores a write-ahead log, so only when there is none with content;
        // otherwise SQLite reads the log through the `-shm` left beside it, if there is one.
        // (A writer refused as read-only below is still told first what else is wrong.)
        let readAccess: Database.Access = readOnlyMedia && !logHoldsChanges(location) ? .readOnlyImmutable : .readOnly
        let version: Int
        do {
            let probe = try Database(path: file, access: readAccess, busyTimeout: .seconds(30))
            // Reading the schema makes SQLite read and check the header and first page.
            let tables = try probe.scalar("SELECT count(*) FROM sqlite_schema")?.int ?? 0
            let application = try probe.scalar("PRAGMA application_id")?.int ?? 0
            version = try probe.scalar("PRAGMA user_version")?.int ?? 0
            // An application id marks another program's file even when it has no tables yet.
            if application != Int(CacheSchema.applicationID) && (tables > 0 || application != 0) {
                throw VectorCacheError.notACache(path: path)
            }
            // Both are signed 32-bit in the header; any other program (or damage) can set them.
            if version < 0 {
                throw VectorCacheError.invalidSchema(path: path, detail: "schema version \(version)")
            }
            if version > CacheSchema.currentVersion {
                throw VectorCacheError.newerSchema(path: path, found: version, supported: CacheSchema.currentVersion)
            }
            if version == 0 && tables > 0 {
                throw VectorCacheError.invalidSchema(path: path, detail: "tables but schema version 0")
            }
            if version > 0, let problem = try CacheSchema.layoutProblem(in: probe, version: version) {
                throw VectorCacheError.invalidSchema(path: path, detail: problem)
            }
        } catch let error as SQLiteError {
            if error.code == SQLiteResultCode.cannotOpen && readOnlyMedia {
                throw forWriting ? VectorCacheError.readOnly(path: path) : VectorCacheError.unreadableLog(path: path)
            }
            throw classify(error, path: path, writing: forWriting)
        }
        if forWriting {
            try checkWritable(location, path: path)
        }
        return Plan(location: location, found: .database(version: version), readAccess: forWriting ? .readOnly : readAccess)
    }

    /// The error to show for a SQLite failure on a cache file.
    static func classify(_ error: SQLiteError, path: String, writing: Bool = true) -> VectorCacheError {
        switch error.code {
        case SQLiteResultCode.notADatabase: .notADatabase(path: path)
        case SQLiteResultCode.corrupt: .corrupt(path: path, detail: error.message)
        case SQLiteResultCode.readOnly: .readOnly(path: path)
        case SQLiteResultCode.cannotOpen: writing ? .cannotCreate(path: path, reason: error.message) : .cannotOpen(path: path, reason: error.message)
        case SQLiteResultCode.constraint: .constraintFailed(path: path, detail: error.message)
        default: .database(path: path, error)
        }
    }

    /// Resolves the path; creates a missing directory only when allowed, for a writer.
    private static func locate(_ path: String, forWriting: Bool, createDirectories: Bool) throws -> CacheFileLocation {
        do {
            return try CacheFileLocation.locate(path)
        } catch .refused(let error) {
            throw error
        } catch .missingDirectory(let directory) {
            guard forWriting else {
                // Nothing to read there: reported as a missing cache by the caller.
                return CacheFileLocation(resolvedPath: path, exists: false)
            }
            guard createDirectories else { throw VectorCacheError.missingDirectory(path: path, directory: directory) }
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw VectorCacheError.cannotCreate(path: path, reason: "cannot create directory \(directory)")
            }
            do {
                return try CacheFileLocation.locate(path)
            } catch .refused(let error) {
                throw error
            } catch .missingDirectory(let directory) {
                throw VectorCacheError.missingDirectory(path: path, directory: directory)
            }
        }
    }

    /// Whether `path` may be written: by access(2) (which also sees a read-only mount) and by
    /// its permission bits, which root could override but which say the owner wants it left alone.
    static func isWritable(_ path: String) -> Bool {
        var info = stat()
        guard access(path, W_OK) == 0, stat(path, &info) == 0 else { return false }
        return info.st_mode & 0o222 != 0
    }

    /// Whether a `-wal` beside the file holds frames not yet copied into it.
    private static func logHoldsChanges(_ location: CacheFileLocation) -> Bool {
        var info = stat()
        return stat(location.resolvedPath + "-wal", &info) == 0 && info.st_size > 0
    }

    /// Refuses a file or directory without write permission: WAL also needs the directory.
    private static func checkWritable(_ location: CacheFileLocation, path: String) throws {
        guard isWritable(location.resolvedPath), isWritable(location.directory) else {
            throw VectorCacheError.readOnly(path: path)
        }
    }

    /// A new cache needs a writable directory.
    private static func checkDirectoryWritable(_ location: CacheFileLocation, path: String) throws {
        guard isWritable(location.directory) else {
            throw VectorCacheError.cannotCreate(path: path, reason: "directory \(location.directory) is not writable")
        }
    }
}

import CSQLite
import Foundation

/// The checks made before a cache file is opened for writing, so that a file that is not
/// ours, is damaged, comes from a newer semblance or is read-only is never modified.
enum CacheOpening {
    /// What was found at the path.
    enum Found {
        case absent
        /// A database with this schema version (0 for an empty file or a fresh database).
        case database(version: Int)
    }

    /// Looks at `path` through a read-only connection and throws if it must not be used.
    static func inspect(path: String, forWriting: Bool) throws -> Found {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if forWriting { try checkParentWritable(path: path) }
            return .absent
        }
        if isDirectory.boolValue { throw VectorCacheError.isDirectory(path: path) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw VectorCacheError.cannotCreate(path: path, reason: "the file is not readable")
        }
        let version: Int
        do {
            let probe = try Database(path: path, access: .readOnly, busyTimeout: .seconds(30))
            // Reading the schema makes SQLite read and check the header and first page.
            let tables = try probe.scalar("SELECT count(*) FROM sqlite_schema")?.int ?? 0
            let application = try probe.scalar("PRAGMA application_id")?.int ?? 0
            version = try probe.scalar("PRAGMA user_version")?.int ?? 0
            if tables > 0 && application != Int(CacheSchema.applicationID) {
                throw VectorCacheError.notACache(path: path)
            }
        } catch let error as SQLiteError {
            throw classify(error, path: path)
        }
        if version > CacheSchema.currentVersion {
            throw VectorCacheError.newerSchema(path: path, found: version, supported: CacheSchema.currentVersion)
        }
        if forWriting { try checkWritable(path: path) }
        return .database(version: version)
    }

    /// The error to show for a SQLite failure on a cache file.
    static func classify(_ error: SQLiteError, path: String) -> VectorCacheError {
        switch error.code {
        case SQLITE_NOTADB: .notADatabase(path: path)
        case SQLITE_CORRUPT: .corrupt(path: path, detail: error.message)
        case SQLITE_READONLY: .readOnly(path: path)
        case SQLITE_CANTOPEN: .cannotCreate(path: path, reason: error.message)
        default: .database(path: path, error)
        }
    }

    /// Refuses a file without write permission bits, even for root, who could write anyway:
    /// the bits say the owner wants it left alone. WAL also needs the directory writable.
    private static func checkWritable(path: String) throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let permissions = attributes[.posixPermissions] as? Int,
              permissions & 0o222 != 0,
              FileManager.default.isWritableFile(atPath: path)
        else { throw VectorCacheError.readOnly(path: path) }
        let directory = (path as NSString).deletingLastPathComponent
        guard FileManager.default.isWritableFile(atPath: directory.isEmpty ? "." : directory) else {
            throw VectorCacheError.readOnly(path: path)
        }
    }

    /// Creates the parent directories of a new cache.
    private static func checkParentWritable(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw VectorCacheError.cannotCreate(path: path, reason: "cannot create directory \(directory)")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw VectorCacheError.cannotCreate(path: path, reason: "directory \(directory) is not writable")
        }
    }
}

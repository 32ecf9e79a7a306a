import CSQLite
import Foundation

/// An open SQLite connection, closed when the object goes away.
///
/// Not thread-safe: a connection belongs to one thread (or one task) at a time. Open one
/// `Database` per thread or process; SQLite's own locking (WAL, busy timeout) arbitrates.
public final class Database {
    /// How a connection may touch the file.
    public enum Access: Sendable {
        /// Never writes; fails if the file is missing.
        case readOnly
        /// Never writes, and assumes nobody else does: no locks, no `-shm` or `-wal` created
        /// or read. For a file on read-only media, where a WAL reader could not create its
        /// `-shm`; only correct when no write-ahead log holds changes (SQLite ignores it).
        case readOnlyImmutable
        /// Reads and writes; creates the file if it is missing.
        case readWriteCreate
    }

    let handle: OpaquePointer
    public let path: String
    /// How long a statement waits for another connection's lock before failing.
    public let busyTimeout: Duration

    /// Opens (or, with `.readWriteCreate`, creates) the database at `path`.
    /// Opening is lazy in SQLite: a file that is not a database fails at the first statement.
    public init(path: String, access: Access, busyTimeout: Duration = .seconds(30)) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        var connection: OpaquePointer?
        let flags: Int32 = switch access {
        case .readOnly: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
        case .readOnlyImmutable: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        case .readWriteCreate: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        }
        let name = access == .readOnlyImmutable ? Self.immutableURI(path) : path
        let status = sqlite3_open_v2(name, &connection, flags, nil)
        guard status == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let connection { sqlite3_close_v2(connection) }
            throw SQLiteError(code: status & 0xff, extendedCode: status, message: message)
        }
        handle = connection
        sqlite3_extended_result_codes(handle, 1)
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// `file:PATH?immutable=1`, the path percent-encoded byte by byte except for characters
    /// that need no escaping in a URI path, so `?`, `#` and `%` in a file name stay literal.
    static func immutableURI(_ path: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/".utf8)
        var uri = "file:"
        for byte in path.utf8 {
            if plain.contains(byte) {
                uri.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                uri += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return uri + "?immutable=1"
    }

    /// True when SQLite opened the main database read-only (by request or because the file is).
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last row this connection inserted (what `RETURNING id` would give,
    /// without the statement buffering its results).
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs one or more statements that take no parameters and return no rows.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if status != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: status & 0xff, extendedCode: status, message: message, sql: sql)
        }
    }

    /// Compiles one statement.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Runs one statement with `values` bound to its parameters, discarding any rows.
    public func run(_ sql: String, _ values: [SQLValue] = []) throws {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
    }

    /// The first column of the first row, or `nil` when there is no row or it is NULL.
    public func scalar(_ sql: String, _ values: [SQLValue] = []) throws -> SQLValue? {
        let statement = try prepare(sql)
        try statement.bind(values)
        guard try statement.step() else { return nil }
        let value = statement.value(at: 0)
        return value == .null ? nil : value
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    ///
    /// IMMEDIATE takes the write lock up front, so two writers queue on the busy timeout
    /// instead of failing on a read-to-write upgrade.
    public func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside a read transaction, so every query sees one snapshot.
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN DEFERRED")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// The error for status `status`, with SQLite's current message.
    func error(_ status: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: status & 0xff, extendedCode: sqlite3_extended_errcode(handle),
                    message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}

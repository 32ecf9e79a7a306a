import CSQLite

/// A compiled SQL statement, finalized when the object goes away.
///
/// Parameters are 1-based (`?1`, `?2`, …) as in SQLite; columns are 0-based.
public final class Statement {
    let handle: OpaquePointer
    /// Kept so the connection outlives its statements.
    let database: Database
    public let sql: String

    init(database: Database, sql: String) throws {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(database.handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else {
            throw database.error(status, sql: sql)
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Resets the statement and binds `values` to parameters 1, 2, ….
    public func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds one value to parameter `index` (1-based).
    public func bind(_ value: SQLValue, at index: Int32) throws {
        let status: Int32
        switch value {
        case .null: status = sqlite3_bind_null(handle, index)
        case let .integer(number): status = sqlite3_bind_int64(handle, index, number)
        case let .real(number): status = sqlite3_bind_double(handle, index, number)
        case let .text(text): status = bindText(text, at: index)
        case let .blob(bytes):
            status = bytes.withUnsafeBytes { bindBlob($0, at: index) }
        }
        guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
    }

    /// Binds raw bytes (copied by SQLite) to parameter `index`, without an intermediate array.
    public func bind(bytes: UnsafeRawBufferPointer, at index: Int32) throws {
        let status = bindBlob(bytes, at: index)
        guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
    }

    /// Binds `text` with its UTF-8 byte length: a length of -1 would make SQLite stop at the
    /// first NUL and silently store a shorter text.
    private func bindText(_ text: String, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            // An empty text needs a non-null pointer, or SQLite stores NULL.
            let zero: CChar = 0
            return withUnsafePointer(to: zero) { fallback in
                let start = bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) } ?? fallback
                return sqlite3_bind_text64(handle, index, start, sqlite3_uint64(bytes.count),
                                           semblance_sqlite_transient(), UInt8(SQLITE_UTF8))
            }
        }
    }

    private func bindBlob(_ bytes: UnsafeRawBufferPointer, at index: Int32) -> Int32 {
        // A zero-length blob needs a non-null pointer, or SQLite stores NULL.
        let zero: UInt8 = 0
        return withUnsafePointer(to: zero) { fallback in
            // The 64-bit call: a count past Int32.max must be refused by SQLite, not trap here.
            sqlite3_bind_blob64(handle, index, bytes.baseAddress ?? UnsafeRawPointer(fallback),
                                sqlite3_uint64(bytes.count), semblance_sqlite_transient())
        }
    }

    /// Advances to the next row: `true` when there is one, `false` when done.
    public func step() throws -> Bool {
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let failure = database.error(status, sql: sql)
            sqlite3_reset(handle)
            throw failure
        }
    }

    /// Resets to run again with the same bindings.
    public func reset() { sqlite3_reset(handle) }

    /// Columns in the result rows.
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// Column `index` of the current row.
    public func value(at index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT: .text(text(at: index) ?? "")
        case SQLITE_BLOB: .blob(withBlob(at: index) { Array($0) })
        default: .null
        }
    }

    public func int64(at index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    public func int(at index: Int32) -> Int { Int(sqlite3_column_int64(handle, index)) }

    public func double(at index: Int32) -> Double { sqlite3_column_double(handle, index) }

    public func isNull(at index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// The column as text, `nil` when NULL: every byte SQLite holds, embedded NULs included
    /// (the length comes from `sqlite3_column_bytes`, never from a terminating NUL).
    public func text(at index: Int32) -> String? {
        guard let characters = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: characters, count: count), as: UTF8.self)
    }

    /// Calls `body` with the column's bytes in place (valid only inside `body`); empty when NULL.
    public func withBlob<T>(at index: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let pointer = sqlite3_column_blob(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        return try body(UnsafeRawBufferPointer(start: count > 0 ? pointer : nil, count: count))
    }
}

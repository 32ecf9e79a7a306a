/// A failure reported by SQLite: the result code, SQLite's message and the statement that failed.
public struct SQLiteError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The primary result code (`SQLITE_BUSY` = 5, `SQLITE_CONSTRAINT` = 19, …).
    public let code: Int32
    /// The extended result code, which says more (e.g. 2067 for a UNIQUE constraint).
    public let extendedCode: Int32
    public let message: String
    /// The SQL being prepared or run, when there was one.
    public let sql: String?

    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.code = code
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
    }

    /// "SQLite error 19: UNIQUE constraint failed: t.x while executing `INSERT …`"
    public var description: String {
        let statement = sql.map { " while executing `\($0.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters() }.joined(separator: " "))`" } ?? ""
        return "SQLite error \(code): \(message)\(statement)"
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> Substring {
        var slice = self[...]
        while let first = slice.first, first == " " { slice = slice.dropFirst() }
        return slice
    }
}

import Foundation
import Testing
import VectorCache

/// Errors at the C boundary carry the code, SQLite's message and the statement.
@Suite struct SQLiteErrorDescriptionTests {
    @Test func constraintViolationNamesCodeMessageAndSQL() throws {
        let cache = try TemporaryCache()
        let database = try Database(path: cache.path, access: .readWriteCreate)
        try database.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        try database.run("INSERT INTO t (x) VALUES (?1)", [1])
        let error = try #require(throws: SQLiteError.self) {
            try database.run("INSERT INTO t (x) VALUES (?1)", [1])
        }
        #expect(error.code == 19)
        #expect(error.extendedCode == 2067)  // SQLITE_CONSTRAINT_UNIQUE
        #expect(error.description == "SQLite error 19: UNIQUE constraint failed: t.x while executing `INSERT INTO t (x) VALUES (?1)`")
    }

    @Test func syntaxErrorAtPrepare() throws {
        let cache = try TemporaryCache()
        let database = try Database(path: cache.path, access: .readWriteCreate)
        let error = try #require(throws: SQLiteError.self) { try database.prepare("SELEC 1") }
        #expect(error.code == 1)
        #expect(error.sql == "SELEC 1")
        #expect(error.description.hasPrefix("SQLite error 1: near \"SELEC\": syntax error"))
    }

    @Test func multiLineSQLIsShownOnOneLine() {
        let error = SQLiteError(code: 5, message: "database is locked", sql: "SELECT 1\n  FROM t")
        #expect(error.description == "SQLite error 5: database is locked while executing `SELECT 1 FROM t`")
    }

    @Test func valuesRoundTripThroughStatements() throws {
        let cache = try TemporaryCache()
        let database = try Database(path: cache.path, access: .readWriteCreate)
        try database.execute("CREATE TABLE t (a, b, c, d, e)")
        let values: [SQLValue] = [.integer(-7), .real(2.5), .text("héllo"), .blob([0, 1, 255]), .null]
        try database.run("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)", values)
        let statement = try database.prepare("SELECT a, b, c, d, e FROM t")
        #expect(try statement.step())
        #expect((0..<5).map { statement.value(at: Int32($0)) } == values)
        #expect(try !statement.step())
    }

    @Test func emptyBlobIsNotNull() throws {
        let cache = try TemporaryCache()
        let database = try Database(path: cache.path, access: .readWriteCreate)
        try database.execute("CREATE TABLE t (b BLOB)")
        try database.run("INSERT INTO t VALUES (?1)", [.blob([])])
        #expect(try database.scalar("SELECT typeof(b) FROM t") == .text("blob"))
    }

    @Test func failedTransactionRollsBack() throws {
        let cache = try TemporaryCache()
        let database = try Database(path: cache.path, access: .readWriteCreate)
        try database.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        #expect(throws: SQLiteError.self) {
            try database.writeTransaction {
                try database.run("INSERT INTO t VALUES (1)")
                try database.run("INSERT INTO t VALUES (1)")
            }
        }
        #expect(try database.scalar("SELECT count(*) FROM t") == .integer(0))
    }
}

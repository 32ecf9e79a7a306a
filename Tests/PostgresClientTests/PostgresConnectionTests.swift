import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("PostgreSQL client", .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.skipReason)))
struct PostgresConnectionTests {
    private func connect(statementTimeout: Duration? = nil) throws -> PostgresConnection {
        try PostgresConnection(url: try #require(TestPostgres.url), statementTimeout: statementTimeout)
    }

    @Test func byteaRoundTripsInBinaryWithEveryByteValue() throws {
        let connection = try connect()
        try connection.execute("CREATE TEMP TABLE blobs (id int8 PRIMARY KEY, data bytea, label text)")
        let bytes = (0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 7) } + [0, 0, 255]
        try connection.query("INSERT INTO blobs VALUES ($1, $2, $3)", [.integer(-5), .bytes(bytes), .text("é'\"; DROP")])
        try connection.query("INSERT INTO blobs VALUES ($1, $2, $3)", [.integer(Int64.max), .bytes([]), .null])
        let rows = try connection.query("SELECT id, data, label, length(data) FROM blobs ORDER BY id")
        #expect(rows.count == 2)
        #expect(rows.integer(0, 0) == -5)
        #expect(rows.bytes(0, 1) == bytes)
        #expect(rows.text(0, 2) == "é'\"; DROP")
        #expect(rows.integer(0, 3) == Int64(bytes.count))
        #expect(rows.integer(1, 0) == Int64.max)
        #expect(rows.bytes(1, 1) == [])
        #expect(rows.isNull(1, 2))
    }

    @Test func aFailedTransactionLeavesNothingAndACommittedOneStays() throws {
        let connection = try connect()
        try connection.execute("CREATE TEMP TABLE t (n int4 PRIMARY KEY)")
        try connection.transaction { try connection.query("INSERT INTO t VALUES ($1)", [.integer(1)]) }
        #expect(throws: PostgresError.self) {
            try connection.transaction {
                try connection.query("INSERT INTO t VALUES ($1)", [.integer(2)])
                try connection.query("INSERT INTO t VALUES ($1)", [.integer(1)])  // duplicate key
            }
        }
        #expect(try connection.query("SELECT count(*) FROM t").integer(0, 0) == 1)
    }

    @Test func errorsAreOneLineNamingTheServerAndTheSQLState() throws {
        let connection = try connect()
        let error = try #require(throws: PostgresError.self) { try connection.query("SELECT * FROM no_such_table") }
        #expect(error.sqlState == "42P01")
        #expect(error.description.hasPrefix("PostgreSQL 127.0.0.1:"))
        #expect(error.description.contains("/semblance_test: "))
        #expect(error.description.contains("no_such_table"))
        #expect(!error.description.contains("\n"))
    }

    @Test func aStatementPastItsTimeoutFailsClearly() throws {
        let connection = try connect(statementTimeout: .milliseconds(50))
        let error = try #require(throws: PostgresError.self) { try connection.query("SELECT pg_sleep(5)") }
        #expect(error.sqlState == "57014")
        #expect(error.message.hasPrefix("statement timed out"))
        // The connection is still usable afterwards.
        #expect(try connection.query("SELECT 1::int4").integer(0, 0) == 1)
    }

    @Test func aWrongPasswordNamesTheServerButNeverThePassword() throws {
        let url = try #require(TestPostgres.url).replacingOccurrences(of: ":semblance-test@", with: ":Wrong-Secret-42@")
        let error = try #require(throws: PostgresError.self) { try PostgresConnection(url: url) }
        #expect(error.description.contains("password authentication failed"))
        #expect(error.description.hasPrefix("PostgreSQL 127.0.0.1:"))
        #expect(!error.description.contains("Wrong-Secret-42"))
        #expect(!error.description.contains("\n"))
    }

    @Test func aServerThatIsNotThereIsOneLine() throws {
        // Port 1 on loopback: nothing listens there.
        let error = try #require(throws: PostgresError.self) {
            try PostgresConnection(url: "postgresql://someone:secret@127.0.0.1:1/db")
        }
        #expect(error.description.hasPrefix("PostgreSQL 127.0.0.1:1/db: "))
        #expect(error.description.contains("refused"))
        #expect(!error.description.contains("secret"))
    }
}

@Suite struct PostgresURLTests {
    @Test func onlyPostgresURLsNameAServer() {
        #expect(PostgresURL.isPostgres("postgresql://u@h/db"))
        #expect(PostgresURL.isPostgres("POSTGRES://h/db"))
        #expect(!PostgresURL.isPostgres("postgres"))
        #expect(!PostgresURL.isPostgres("./postgresql:/x.sqlite"))
    }

    @Test func theDescriptionLeavesThePasswordOut() {
        #expect(PostgresConnection.describe("postgresql://ann:hunter2@db.example:6543/class?sslmode=require") == "db.example:6543/class")
        #expect(PostgresConnection.describe("postgres://h/db") == "h:5432/db")
    }

    @Test func theTestRunHasAServerUnderCI() {
        #expect(!TestPostgres.requiredButMissing, "CI=true but no test PostgreSQL server was started")
    }
}

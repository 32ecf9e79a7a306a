import Foundation
import PostgresClient
import Testing
import TestSupport
@testable import VectorCache

/// The SQLite cache (`CacheSchema`) and the PostgreSQL cache (`PostgresSchema`) hold one data
/// model, written twice: this compares the tables and columns each engine actually creates, so
/// a migration added to one side alone fails here. The differences that are meant are listed
/// below, each with its reason; anything else must match by name, kind of value and NOT NULL.
@Suite("SQLite and PostgreSQL schemas", .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.skipReason)))
struct SchemaParityTests {
    /// Tables only the server has.
    static let serverOnlyTables: Set<String> = [
        // SQLite keeps its schema version in PRAGMA user_version; PostgreSQL has no such slot.
        "semblance_meta",
        // Distributed indexing: several machines claim batches of one corpus (one user's file
        // has one writer at a time, under the cache's lock file).
        "batches",
        // The packed matrix: SQLite keeps it in a memory-mapped file beside the cache
        // (`MatrixSidecar`); a server has no file to map, so it keeps it in these tables.
        "corpus_matrices", "corpus_matrix_chunks",
    ]

    /// Columns only the server has, by table.
    static let serverOnlyColumns: [String: Set<String>] = [
        // Weights files live on each machine: their hashes are remembered per host and path.
        "weight_hashes": ["host"],
    ]

    /// Kinds of value that differ on purpose: (table.column) → (SQLite kind, PostgreSQL kind).
    static let differentKinds: [String: (String, String)] = [
        // SQLite has no boolean type; PostgreSQL's is used for the flag.
        "corpora.complete": ("integer", "boolean"),
    ]

    struct Column: Equatable, CustomStringConvertible {
        let kind: String
        let notNull: Bool
        var description: String { "\(kind)\(notNull ? " not null" : "")" }
    }

    /// SQLite's declared type as a kind of value.
    static func kind(sqlite type: String) -> String {
        switch type.uppercased() {
        case "INTEGER": "integer"
        case "TEXT": "text"
        case "BLOB": "bytes"
        default: "other: \(type)"
        }
    }

    /// PostgreSQL's type as a kind of value.
    static func kind(postgres type: String) -> String {
        switch type {
        case "bigint", "integer", "smallint": "integer"
        case "text": "text"
        case "bytea": "bytes"
        case "boolean": "boolean"
        default: "other: \(type)"
        }
    }

    private func sqliteTables() throws -> [String: [String: Column]] {
        let cache = try TemporaryCache()
        let store = try cache.open()
        var tables: [String: [String: Column]] = [:]
        let names = try store.database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        var tableNames: [String] = []
        while try names.step() { tableNames.append(names.text(at: 0) ?? "") }
        for table in tableNames {
            let info = try store.database.prepare("PRAGMA table_info(\(table))")
            var columns: [String: Column] = [:]
            while try info.step() {
                // A primary key column counts as NOT NULL: an INTEGER one is the rowid (never
                // null); SQLite lets another kind hold NULL (an old quirk it keeps), but the
                // cache never writes one, and PostgreSQL makes every key column NOT NULL.
                let notNull = info.int(at: 3) != 0 || info.int(at: 5) != 0
                columns[info.text(at: 1) ?? ""] = Column(kind: Self.kind(sqlite: info.text(at: 2) ?? ""), notNull: notNull)
            }
            tables[table] = columns
        }
        return tables
    }

    private func postgresTables() throws -> [String: [String: Column]] {
        let name = TestPostgres.uniqueDatabaseName("schema")
        let admin = try PostgresConnection(url: try #require(TestPostgres.url))
        try admin.execute("DROP DATABASE IF EXISTS \(name)")
        try admin.execute("CREATE DATABASE \(name)")
        let url = try #require(TestPostgres.url(database: name))
        _ = try PostgresStore(url: url, writable: true)
        let rows = try PostgresConnection(url: url).query("""
            SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'NO'
            FROM information_schema.columns WHERE table_schema = 'public'
            """)
        var tables: [String: [String: Column]] = [:]
        for row in 0..<rows.count {
            tables[rows.text(row, 0) ?? "", default: [:]][rows.text(row, 1) ?? ""] =
                Column(kind: Self.kind(postgres: rows.text(row, 2) ?? ""), notNull: rows.boolean(row, 3) == true)
        }
        return tables
    }

    @Test func bothEnginesCreateTheSameTablesAndColumns() throws {
        let sqlite = try sqliteTables(), postgres = try postgresTables()
        #expect(Set(sqlite.keys) == Set(postgres.keys).subtracting(Self.serverOnlyTables),
                "SQLite: \(sqlite.keys.sorted()), PostgreSQL: \(postgres.keys.sorted())")
        #expect(Self.serverOnlyTables.isSubset(of: Set(postgres.keys)))
        for (table, columns) in sqlite.sorted(by: { $0.key < $1.key }) {
            guard let serverColumns = postgres[table] else { continue }
            let extra = Self.serverOnlyColumns[table] ?? []
            #expect(Set(columns.keys) == Set(serverColumns.keys).subtracting(extra),
                    "\(table): SQLite \(columns.keys.sorted()), PostgreSQL \(serverColumns.keys.sorted())")
            for (name, column) in columns.sorted(by: { $0.key < $1.key }) {
                guard let serverColumn = serverColumns[name] else { continue }
                if let (sqliteKind, postgresKind) = Self.differentKinds["\(table).\(name)"] {
                    #expect(column.kind == sqliteKind && serverColumn.kind == postgresKind, "\(table).\(name)")
                    #expect(column.notNull == serverColumn.notNull, "\(table).\(name)")
                } else {
                    #expect(column == serverColumn, "\(table).\(name): SQLite \(column), PostgreSQL \(serverColumn)")
                }
            }
        }
    }

    /// The kinds above are read correctly, so the comparison can fail: a column of the wrong
    /// kind is told apart.
    @Test func kindsAreToldApart() {
        #expect(Self.kind(sqlite: "INTEGER") == Self.kind(postgres: "bigint"))
        #expect(Self.kind(sqlite: "BLOB") == Self.kind(postgres: "bytea"))
        #expect(Self.kind(sqlite: "TEXT") != Self.kind(postgres: "bytea"))
        #expect(Self.kind(sqlite: "REAL").hasPrefix("other"))
    }
}

/// Checks that a cache file's tables are the ones its schema version promises, so a damaged
/// or hand-edited schema is refused when the file is opened, naming what is wrong, rather
/// than failing later with SQLite's own message in the middle of a command.
extension CacheSchema {
    /// What is wrong with `database`'s tables for schema `version` (in 1...currentVersion),
    /// or `nil` when every table the migrations up to `version` create is there with exactly
    /// their columns. Tables of other names are left alone.
    static func layoutProblem(in database: Database, version: Int) throws -> String? {
        let expected = try columnsByTable(in: referenceDatabase(version: version))
        let found = try columnsByTable(in: database)
        // A trigger runs on our writes and can change or refuse any of them; we never make one.
        if let trigger = try database.scalar("SELECT name FROM sqlite_schema WHERE type = 'trigger' LIMIT 1")?.string {
            return "a trigger \"\(trigger)\""
        }
        for table in expected.keys.sorted() {
            guard let columns = found[table] else { return "no table \"\(table)\" at schema version \(version)" }
            if columns != expected[table] {
                return "table \"\(table)\" with columns (\(columns.map(\.name).joined(separator: ", "))), "
                    + "not (\(expected[table, default: []].map(\.name).joined(separator: ", "))) as schema version \(version) has"
            }
        }
        return nil
    }

    /// A column as `PRAGMA table_info` describes it.
    private struct Column: Equatable {
        let name: String
        let type: String
        let notNull: Bool
        let primaryKeyIndex: Int
    }

    /// A fresh in-memory database with the first `version` migrations applied: the layout
    /// that version has, taken from the migrations themselves rather than a copy of them.
    private static func referenceDatabase(version: Int) throws -> Database {
        let database = try Database(path: ":memory:", access: .readWriteCreate)
        for migration in migrations.prefix(max(0, version)) { try database.execute(migration) }
        return database
    }

    private static func columnsByTable(in database: Database) throws -> [String: [Column]] {
        let statement = try database.prepare("""
            SELECT m.name, p.name, p.type, p."notnull", p.pk
            FROM sqlite_schema m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            ORDER BY m.name, p.cid
            """)
        var tables: [String: [Column]] = [:]
        while try statement.step() {
            tables[statement.text(at: 0) ?? "", default: []].append(Column(
                name: statement.text(at: 1) ?? "", type: statement.text(at: 2) ?? "",
                notNull: statement.int(at: 3) != 0, primaryKeyIndex: statement.int(at: 4)))
        }
        return tables
    }
}

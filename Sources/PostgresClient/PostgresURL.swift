/// Telling a PostgreSQL connection string from a file path: only `postgresql://` and
/// `postgres://` URLs name a server, so a file called `postgres` stays a file.
public enum PostgresURL {
    public static func isPostgres(_ value: String) -> Bool {
        let lower = value.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }
}

import Foundation

/// A failure talking to PostgreSQL, as one line that names the server (`host:port/db`) and
/// never the password.
public struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `host:port/db`, for messages.
    public let server: String
    /// The server's or libpq's message, first line only.
    public let message: String
    /// The SQLSTATE code when the server sent one ("57014" for a statement timeout).
    public let sqlState: String?

    public init(server: String, message: String, sqlState: String? = nil) {
        self.server = server
        self.message = Self.firstLine(message)
        self.sqlState = sqlState
    }

    public var description: String { "PostgreSQL \(server): \(message)" }

    /// Whether the connection itself is gone (server stopped, network cut), not one statement.
    public var isConnectionLost: Bool { sqlState == nil || sqlState?.hasPrefix("08") == true || sqlState == "57P01" }

    /// libpq's messages run over several lines ("…failed: Connection refused\n\tIs the server
    /// running…"): the first says what happened.
    static func firstLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "unknown error" : trimmed
    }
}

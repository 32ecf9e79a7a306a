import CLibPQ
import Foundation

/// One libpq connection. Not thread-safe: one per thread or process.
///
/// Every failure is a `PostgresError` naming `host:port/db` (never the password): a server
/// that is down, a refused password, a statement past its timeout, a connection lost midway.
public final class PostgresConnection {
    /// `host:port/db`, for messages.
    public let server: String
    private let handle: OpaquePointer

    /// Connects to `url` (`postgresql://user[:password]@host[:port]/db[?sslmode=…]`).
    /// `statementTimeout` bounds every statement (nil: the server's default); `connectTimeout`
    /// applies when the URL gives none.
    public init(url: String, statementTimeout: Duration? = nil, connectTimeout: Int = 10) throws {
        server = Self.describe(url)
        // Earlier keywords are defaults the URL (expanded from dbname, last) may override.
        let keywords = ["connect_timeout", "application_name", "dbname"]
        let values = [String(connectTimeout), "semblance", url]
        let connection = Self.withCStrings(keywords) { keys in
            Self.withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let connection else { throw PostgresError(server: server, message: "out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(server: server, message: message)
        }
        handle = connection
        // Notices (e.g. "relation already exists, skipping") are not the user's business.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        try execute("SET client_min_messages = warning")
        if let statementTimeout {
            let milliseconds = max(1, statementTimeout.components.seconds * 1000 + statementTimeout.components.attoseconds / 1_000_000_000_000_000)
            try execute("SET statement_timeout = \(milliseconds)")
        }
    }

    deinit { PQfinish(handle) }

    /// Runs one or more statements without parameters or results.
    public func execute(_ sql: String) throws {
        guard let result = PQexec(handle, sql) else { throw failure(nil) }
        defer { PQclear(result) }
        try check(result)
    }

    /// Runs one statement with `$1…` parameters; rows come back in binary.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws -> PostgresRows {
        var buffers: [[UInt8]?] = parameters.map { value in
            switch value {
            case .null: nil
            case let .text(text): Array(text.utf8) + [0]
            case let .integer(number): Array(String(number).utf8) + [0]
            case let .boolean(flag): Array((flag ? "true" : "false").utf8) + [0]
            case let .bytes(bytes): bytes
            }
        }
        let lengths = parameters.enumerated().map { index, value -> Int32 in
            if case .bytes = value { Int32(clamping: buffers[index]?.count ?? 0) } else { 0 }
        }
        let formats = parameters.map { value -> Int32 in if case .bytes = value { 1 } else { 0 } }
        let result: OpaquePointer? = Self.withBufferPointers(&buffers) { pointers in
            PQexecParams(handle, sql, Int32(parameters.count), nil, pointers, lengths, formats, 1)
        }
        guard let result else { throw failure(nil) }
        do {
            try check(result)
        } catch {
            PQclear(result)
            throw error
        }
        return PostgresRows(result: result, server: server)
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            // A lost connection has nothing to roll back; the first error is the one to tell.
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func check(_ result: OpaquePointer) throws {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default: throw failure(result)
        }
    }

    private func failure(_ result: OpaquePointer?) -> PostgresError {
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        var message = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "M"))) }.map { String(cString: $0) }
            ?? String(cString: PQerrorMessage(handle))
        if state == "57014" { message = "statement timed out (\(message))" }
        if PQstatus(handle) != CONNECTION_OK { message = "connection lost: \(message)" }
        return PostgresError(server: server, message: message, sqlState: state)
    }

    /// `host:port/db` of a connection string, from libpq's own parser (so every form it
    /// accepts is named the same way); the password is never part of it.
    public static func describe(_ url: String) -> String {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &error) else {
            if let error { PQfreemem(error) }
            return "(unparsable connection string)"
        }
        defer { PQconninfoFree(options) }
        var found: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { found[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        let host = found["host"] ?? found["hostaddr"] ?? "localhost"
        let port = found["port"] ?? "5432"
        let database = found["dbname"] ?? found["user"] ?? ProcessInfo.processInfo.environment["USER"] ?? "?"
        return "\(host):\(port)/\(database)"
    }

    private static func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeMutableBufferPointer { body(UnsafePointer($0.baseAddress!)) }
    }

    private static func withBufferPointers<T>(_ buffers: inout [[UInt8]?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        // Copies keep every pointer valid through the call.
        let copies: [UnsafeMutablePointer<UInt8>?] = buffers.map { buffer in
            guard let buffer else { return nil }
            let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, buffer.count))
            copy.initialize(from: buffer, count: buffer.count)
            return copy
        }
        defer { copies.forEach { $0?.deallocate() } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}

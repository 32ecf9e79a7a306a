import Foundation

/// The throwaway PostgreSQL server `scripts/test-postgres.sh` starts for the test run
/// (`make test` runs the suite through it). Without one the PostgreSQL tests are skipped with
/// that reason shown, except under CI, where `requiredButMissing` makes a test fail.
public enum TestPostgres {
    /// `postgresql://…/semblance_test` of the test server, if there is one.
    public static var url: String? {
        let value = ProcessInfo.processInfo.environment["SEMBLANCE_TEST_POSTGRES"] ?? ""
        return value.isEmpty ? nil : value
    }

    public static var isAvailable: Bool { url != nil }

    /// Shown beside every skipped PostgreSQL test.
    public static let skipReason = "no test PostgreSQL server: run through scripts/test-postgres.sh (make test does)"

    /// True when CI asks for every test yet no server was started.
    public static var requiredButMissing: Bool {
        ProcessInfo.processInfo.environment["CI"] == "true" && url == nil
    }

    /// The URL with its database replaced by `database`.
    public static func url(database: String) -> String? {
        guard let url, let slash = url.range(of: "/", options: .backwards) else { return nil }
        return String(url[..<slash.upperBound]) + database
    }

    /// A database name no other test uses, from the process id and a counter.
    public static func uniqueDatabaseName(_ prefix: String) -> String {
        let serial = counter.next()
        return "\(prefix)_\(getpid())_\(serial)"
    }

    private static let counter = Counter()

    private final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func next() -> Int { lock.withLock { value += 1; return value } }
    }
}

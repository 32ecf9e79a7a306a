import Foundation
import PostgresClient

/// Where the cache database is: the path given (`--cache`), else `$SEMBLANCE_CACHE`, else
/// `${XDG_CACHE_HOME:-~/.cache}/semblance/cache.sqlite`.
public struct CacheLocation: Sendable, Equatable {
    public let path: String
    /// Only the default location's directory is created when missing: a path given by
    /// `--cache` or `$SEMBLANCE_CACHE` must name an existing directory (a typo should not
    /// grow a new tree).
    public let createsDirectories: Bool

    /// The path, or a server's `host:port/db` (a connection string may hold a password).
    public var displayName: String { isServer ? PostgresConnection.describe(path) : path }

    /// Whether the value is a PostgreSQL connection string rather than a file path.
    public var isServer: Bool { PostgresURL.isPostgres(path) }

    public init(path: String, createsDirectories: Bool) {
        self.path = path
        self.createsDirectories = createsDirectories
    }

    public init(given: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let given {
            self.path = given
            self.createsDirectories = false
        } else if let path = environment["SEMBLANCE_CACHE"], !path.isEmpty {
            self.path = path
            self.createsDirectories = false
        } else {
            let cacheHome = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory() + "/.cache"
            self.path = cacheHome + "/semblance/cache.sqlite"
            self.createsDirectories = true
        }
    }
}

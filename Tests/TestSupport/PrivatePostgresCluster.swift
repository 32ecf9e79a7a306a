import Foundation

/// A PostgreSQL cluster of one test's own, for tests that stop or restart the server (the
/// shared test server of `scripts/test-postgres.sh` serves other tests at the same time).
/// Made with the binaries and owner that script found; stopped and deleted when it goes away.
public final class PrivatePostgresCluster {
    /// `postgresql://semblance@127.0.0.1:PORT/postgres` (trust authentication on loopback).
    public let url: String
    private let directory: String
    private let binaries: String
    private let owner: String?
    private let options: String

    /// Nil with the reason where the shared server's script gave no binaries.
    public static var unavailableReason: String? {
        let environment = ProcessInfo.processInfo.environment
        return (environment["SEMBLANCE_TEST_POSTGRES_BIN"] ?? "").isEmpty ? TestPostgres.skipReason : nil
    }

    public init() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let binaries = environment["SEMBLANCE_TEST_POSTGRES_BIN"], !binaries.isEmpty else {
            throw ClusterError(message: TestPostgres.skipReason)
        }
        self.binaries = binaries
        let owner = environment["SEMBLANCE_TEST_POSTGRES_OWNER"] ?? ""
        self.owner = owner.isEmpty ? nil : owner
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("semblance-pg-private-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let owner = self.owner { try FileManager.default.setAttributes([.ownerAccountName: owner], ofItemAtPath: directory) }
        let port = try Self.freePort()
        options = "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory) -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        url = "postgresql://semblance@127.0.0.1:\(port)/postgres"
        try run("initdb", ["-D", "\(directory)/data", "-U", "semblance", "--auth=trust", "-E", "UTF8", "--locale=C", "-N"])
        try pgctl(["start", "-w", "-t", "60", "-l", "\(directory)/server.log", "-o", options])
    }

    deinit {
        try? pgctl(["stop", "-m", "immediate"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Restarts the server as an administrator would in the middle of a run: every session
    /// ends at once (`-m immediate`), and it accepts connections again when this returns.
    public func restart() throws {
        try pgctl(["restart", "-m", "immediate", "-w", "-t", "60", "-l", "\(directory)/server.log", "-o", options])
    }

    private func pgctl(_ arguments: [String]) throws {
        try run("pg_ctl", ["-D", "\(directory)/data"] + arguments)
    }

    /// Runs a PostgreSQL binary as the cluster's owner (initdb and postgres refuse root).
    /// Spawned and awaited directly: Foundation's `Process` notices an exit through a
    /// descriptor the child inherits, which the server `pg_ctl` starts keeps open for ever.
    private func run(_ program: String, _ arguments: [String]) throws {
        let binary = "\(binaries)/\(program)"
        let command = owner.map { ["/usr/sbin/runuser", "-u", $0, "--", binary] } ?? [binary]
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("semblance-pg-\(UUID().uuidString).log").path
        defer { unlink(logPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let code = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard code == 0 else { throw ClusterError(message: "\(program): spawn failed (\(code))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard status == 0 else {
            let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw ClusterError(message: "\(program) \(arguments.joined(separator: " ")): status \(status): \(output)")
        }
    }

    /// A loopback port nobody listens on now (the kernel's pick).
    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ClusterError(message: "socket: \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw ClusterError(message: "bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public struct ClusterError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}

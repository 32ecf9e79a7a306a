import Foundation
import Glibc
import PostgresClient
import Testing
import TestSupport
import VectorCache

/// The commands against a PostgreSQL cache on the test run's throwaway server, each test in
/// a database of its own.
@Suite("PostgreSQL cache commands", .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.skipReason)))
struct PostgresCacheCommandTests {
    /// A fresh database on the test server and its URL.
    private func freshDatabase() throws -> String {
        let name = TestPostgres.uniqueDatabaseName("cli")
        let admin = try PostgresConnection(url: try #require(TestPostgres.url))
        try admin.execute("DROP DATABASE IF EXISTS \(name)")
        try admin.execute("CREATE DATABASE \(name)")
        return try #require(TestPostgres.url(database: name))
    }

    private func semblance(_ sandbox: CacheSandbox, _ arguments: [String], cache: String) throws -> CommandResult {
        try CommandRunner.semblance(arguments, environment: ["SEMBLANCE_CACHE": cache])
    }

    private func startIndexing(_ sandbox: CacheSandbox, _ file: URL, cache: String, log: URL) throws -> Process {
        let process = Process()
        process.executableURL = try CommandRunner.semblanceBinary()
        process.arguments = ["index", "--corpus", "shared", file.path, "--model", sandbox.model, "--quiet", "--batch-size", "16"]
        process.environment = CommandRunner.sandboxedEnvironment(adding: ["SEMBLANCE_CACHE": cache])
        process.standardOutput = FileHandle.nullDevice
        try Data().write(to: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        return process
    }

    /// Waits until `count` semblance sessions wait on a lock: the condition is the server's
    /// own account of its sessions, polled (there is no notification to wait on).
    private func waitForBlockedWorkers(_ count: Int, on observer: PostgresConnection, database: String) throws {
        for _ in 0..<3000 {
            let blocked = try observer.query("""
                SELECT count(*) FROM pg_stat_activity
                WHERE application_name = 'semblance' AND datname = $1 AND wait_event_type = 'Lock'
                """, [.text(database)]).int(0, 0)
            if blocked >= count { return }
            usleep(20_000)
        }
        Issue.record("\(count) workers never blocked")
    }

    /// The end state both multi-worker tests require of the server's corpus "shared": complete,
    /// every line once in file order, vectors equal to a SQLite run's of the same file (≤ 1e-6),
    /// and `cache verify` clean. Returns what the caller may check further.
    @discardableResult
    private func expectServerCorpusMatchesSQLite(_ sandbox: CacheSandbox, url: String, file: URL, lines: [String])
        throws -> (server: PostgresStore, corpus: CorpusRecord, matrix: [Float]) {
        let sqlite = try sandbox.index("shared", [file])
        #expect(sqlite.status == 0, "\(sqlite.stderr)")
        let local = try sandbox.store(), server = try PostgresStore(url: url, writable: false)
        let serverCorpus = try server.requireCorpus(named: "shared"), localCorpus = try local.requireCorpus(named: "shared")
        #expect(serverCorpus.isComplete && serverCorpus.itemCount == lines.count)
        var texts: [String] = []
        try server.forEachItem(of: serverCorpus) { texts.append($0.item.text) }
        #expect(texts == lines)
        let serverMatrix = try server.loadMatrix(of: serverCorpus).floats(), localMatrix = try local.loadMatrix(of: localCorpus).floats()
        #expect(serverMatrix.count == localMatrix.count)
        #expect((zip(serverMatrix, localMatrix).map { abs($0 - $1) }.max() ?? .infinity) <= 1e-6)
        let verify = try semblance(sandbox, ["cache", "verify"], cache: url)
        #expect(verify.status == 0 && verify.stdout.contains(": ok"), "\(verify.stdout) \(verify.stderr)")
        return (server, serverCorpus, serverMatrix)
    }

    /// Three `index` runs of one corpus against one server, one SIGKILLed while it holds a
    /// claimed batch, then a rerun: every item once in file order, vectors equal to a SQLite
    /// run's (≤ 1e-6), `cache verify` clean, and the rerun encodes nothing.
    ///
    /// The test holds the `items` table locked, so each worker stops inside its batch's
    /// transaction (claimed, encoded, not committed): the kill lands exactly mid-batch.
    @Test func threeWorkersOneKilledThenARerunLeaveEveryItemOnce() throws {
        let sandbox = try CacheSandbox()
        let url = try freshDatabase()
        let database = String(url.split(separator: "/").last ?? "")
        let lines = corpusLines(600)
        let file = try sandbox.write(lines: lines, to: "corpus.txt")
        _ = try PostgresStore(url: url, writable: true)  // the schema, so its table can be locked

        let gate = try PostgresConnection(url: url)
        try gate.execute("BEGIN; LOCK TABLE items IN EXCLUSIVE MODE")
        let observer = try PostgresConnection(url: url)
        let logs = (0..<3).map { sandbox.directory.file("worker-\($0).stderr") }
        let victim = try startIndexing(sandbox, file, cache: url, log: logs[0])
        try waitForBlockedWorkers(1, on: observer, database: database)
        let workers = try logs.dropFirst().map { try startIndexing(sandbox, file, cache: url, log: $0) }
        try waitForBlockedWorkers(3, on: observer, database: database)
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        try gate.execute("COMMIT")
        for worker in workers { worker.waitUntilExit() }
        let errors = logs.map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }
        #expect(victim.terminationReason == .uncaughtSignal)
        #expect(workers.map(\.terminationStatus) == [0, 0], "\(errors)")

        let rerun = try semblance(sandbox, ["index", "--corpus", "shared", file.path, "--model", sandbox.model, "--quiet",
                                            "--batch-size", "16"], cache: url)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains(" 0 encoded"), "\(rerun.stdout)")

        try expectServerCorpusMatchesSQLite(sandbox, url: url, file: file, lines: lines)
    }

    /// Three `index` runs of one corpus, half of it stored by an earlier run, and the server
    /// restarted under them while each waits inside a claimed batch: each says so in one line
    /// naming the server, never the password; then a rerun finishes the corpus: every item once
    /// in file order, vectors equal to a SQLite run's (≤ 1e-6), `cache verify` clean, and the
    /// rerun encodes only what the earlier run had not stored.
    ///
    /// On a cluster of its own: restarting the shared test server would cut other tests off.
    @Test func threeWorkersThroughAServerRestartThenARerunLeaveEveryItemOnce() throws {
        let sandbox = try CacheSandbox()
        let cluster = try PrivatePostgresCluster()
        // The server must outlive every use of its URL, not just the last use of `cluster`.
        defer { withExtendedLifetime(cluster) {} }
        let url = cluster.url
        let lines = corpusLines(600)
        let file = try sandbox.write(lines: lines, to: "corpus.txt")
        let firstHalf = try sandbox.write(lines: Array(lines.prefix(320)), to: "first-half.txt")
        let index = { (source: URL) in ["index", "--corpus", "shared", source.path, "--model", sandbox.model, "--quiet", "--batch-size", "16"] }
        // The earlier run: batches 0..<20 are stored, with the digests the full file's first 20 batches have.
        let earlier = try semblance(sandbox, index(firstHalf), cache: url)
        #expect(earlier.status == 0, "\(earlier.stderr)")

        let gate = try PostgresConnection(url: url)
        try gate.execute("BEGIN; LOCK TABLE items IN EXCLUSIVE MODE")
        let observer = try PostgresConnection(url: url)
        let logs = (0..<3).map { sandbox.directory.file("worker-\($0).stderr") }
        let workers = try logs.map { try startIndexing(sandbox, file, cache: url, log: $0) }
        try waitForBlockedWorkers(3, on: observer, database: "postgres")
        try cluster.restart()
        for worker in workers { worker.waitUntilExit() }
        let errors = logs.map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }
        for (worker, error) in zip(workers, errors) {
            #expect(worker.terminationReason == .exit && worker.terminationStatus != 0 && worker.terminationStatus < 128, "\(error)")
            #expect(error.split(separator: "\n").count == 1 && error.contains("127.0.0.1:"), "\(error)")
        }

        let rerun = try semblance(sandbox, index(file), cache: url)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(count(before: "encoded", in: rerun.stdout) == 280, "\(rerun.stdout)")

        let (server, serverCorpus, serverMatrix) = try expectServerCorpusMatchesSQLite(sandbox, url: url, file: file, lines: lines)
        // What search opens (the packed copy the rerun stored) is the rows, exactly.
        let opened = try server.openMatrix(of: serverCorpus)
        #expect(opened.source == .serverPacked && opened.matrix.floats() == serverMatrix)
    }

    /// `search` on the server gives exactly what it gives on a SQLite file of the same files.
    @Test func searchMatchesTheSQLiteCacheExactly() throws {
        let sandbox = try CacheSandbox()
        let url = try freshDatabase()
        let file = try sandbox.write(lines: corpusLines(200), to: "corpus.txt")
        let index = ["index", "--corpus", "c", file.path, "--model", sandbox.model, "--quiet"]
        #expect(try semblance(sandbox, index, cache: url).status == 0)
        #expect(try sandbox.index("c", [file]).status == 0)
        let search = ["search", "--corpus", "c", "--model", sandbox.model, "-k", "10", "a broken clock on day 7"]
        let server = try semblance(sandbox, search, cache: url), local = try sandbox.run(search)
        #expect(server.status == 0 && local.status == 0, "\(server.stderr) \(local.stderr)")
        #expect(server.stdout == local.stdout)
        #expect(server.stdout.split(separator: "\n").count >= 10)
    }

    /// Corpus statistics on the server: `inspect` and `search --centre` give what they give on
    /// a SQLite file, the summary is stored on the server (computed once for every machine),
    /// and `cache info` shows the origin.
    @Test func statisticsCommandsMatchTheSQLiteCache() throws {
        let sandbox = try CacheSandbox()
        let url = try freshDatabase()
        let file = try sandbox.write(lines: corpusLines(60), to: "corpus.txt")
        #expect(try semblance(sandbox, ["index", "--corpus", "c", file.path, "--model", sandbox.model, "--quiet"], cache: url).status == 0)
        #expect(try sandbox.index("c", [file]).status == 0)
        for arguments in [["inspect", "--corpus", "c", "--model", sandbox.model, "--format", "json", "-k", "5"],
                          ["search", "--corpus", "c", "--model", sandbox.model, "-k", "5", "--centre", "a broken clock on day 7"]] {
            let server = try semblance(sandbox, arguments, cache: url), local = try sandbox.run(arguments)
            #expect(server.status == 0 && local.status == 0, "\(server.stderr) \(local.stderr)")
            #expect(server.stdout == local.stdout, "\(arguments[0])")
        }
        #expect(try PostgresConnection(url: url).query("SELECT count(*) FROM corpus_statistics").int(0, 0) >= 1)
        let info = try semblance(sandbox, ["cache", "info", "c"], cache: url)
        #expect(info.status == 0 && info.stdout.contains("encoded"), "\(info.stdout) \(info.stderr)")
    }

    /// `import` on the server: the same checks as on a SQLite file (a sample re-encoded and
    /// matched, or the file refused in one line with nothing written), the same corpus bit for
    /// bit, the same search results, a rerun that imports nothing, and `cache verify` clean.
    @Test func importOnTheServerMatchesTheSQLiteCache() throws {
        let sandbox = try CacheSandbox()
        let url = try freshDatabase()
        let (texts, vectors) = try ImportCommandTests.files(in: sandbox)
        let importing = ["import", "--corpus", "ref", "--vectors", vectors.path, "--texts", texts.path,
                         "--model", sandbox.model, "--quiet", "--batch-size", "16"]
        let server = try semblance(sandbox, importing, cache: url), local = try sandbox.run(importing)
        #expect(server.status == 0 && local.status == 0, "\(server.stderr) \(local.stderr)")
        #expect(server.stdout.contains("40 items, 40 imported") && server.stdout.contains("32 re-encoded and matched"), "\(server.stdout)")
        let info = try semblance(sandbox, ["cache", "info", "ref"], cache: url)
        #expect(info.stdout.contains("vectors of:  imported, a sample re-encoded and matched"), "\(info.stdout)")

        let store = try PostgresStore(url: url, writable: false), sqlite = try sandbox.store()
        let serverCorpus = try store.requireCorpus(named: "ref"), localCorpus = try sqlite.requireCorpus(named: "ref")
        #expect(serverCorpus.origin == .imported && serverCorpus.itemCount == 40)
        #expect(try store.loadMatrix(of: serverCorpus).floats().map(\.bitPattern)
                == sqlite.loadMatrix(of: localCorpus).floats().map(\.bitPattern))
        #expect(try store.items(of: serverCorpus, at: Array(0..<40)) == sqlite.items(of: localCorpus, at: Array(0..<40)))
        let search = ["search", "--corpus", "ref", "--model", sandbox.model, "-k", "5", "a question about the weather"]
        let serverSearch = try semblance(sandbox, search, cache: url), localSearch = try sandbox.run(search)
        #expect(serverSearch.status == 0 && serverSearch.stdout == localSearch.stdout, "\(serverSearch.stderr)")

        let again = try semblance(sandbox, importing, cache: url)
        #expect(again.status == 0 && again.stdout.contains("40 items, 0 imported, 40 already stored"), "\(again.stdout) \(again.stderr)")

        // Vectors of other texts: refused in one line, nothing written, what was stored kept.
        let (_, shifted) = try ImportCommandTests.files(in: sandbox, order: { ($0 + 1) % 40 })
        let refused = try semblance(sandbox, ["import", "--corpus", "other", "--vectors", shifted.path, "--texts", texts.path,
                                              "--model", sandbox.model, "--quiet"], cache: url)
        #expect(refused.status != 0 && refused.status < 128)
        #expect(refused.stderr.contains("these vectors were not made by this model"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1 && !refused.stderr.contains("semblance-test"), "\(refused.stderr)")
        #expect(try store.corpora().map(\.name) == ["ref"])
        #expect(try store.requireCorpus(named: "ref").itemCount == 40)
        let verify = try semblance(sandbox, ["cache", "verify"], cache: url)
        #expect(verify.status == 0 && verify.stdout.contains(": ok"), "\(verify.stdout) \(verify.stderr)")
    }

    /// The explorer on the server with the real binary in tmux (scripts/e2e-explorer-postgres.sh):
    /// neighbours, the map with its statistics kept on the server, the terminal restored, and
    /// a server that is down told in one line. Needs tmux and the default model.
    @Test func theExplorerOnTheServerInTmux() throws {
        let binary = try CommandRunner.semblanceBinary()
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/e2e-explorer-postgres.sh")
        let result = try CleanSignalSpawn.run("/bin/bash", [script.path, binary.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("e2e-explorer-postgres: PASS"), "\(result.output)")
    }

    /// A schema from a newer semblance is refused, naming the server and both versions, and left as it was.
    @Test func aNewerSchemaIsRefusedClearly() throws {
        let sandbox = try CacheSandbox()
        let url = try freshDatabase()
        _ = try PostgresStore(url: url, writable: true)
        try PostgresConnection(url: url).execute("UPDATE semblance_meta SET value = '99' WHERE key = 'schema_version'")
        for arguments in [["cache", "list"], ["index", "--corpus", "c", try sandbox.write(lines: ["a"], to: "a.txt").path,
                                             "--model", sandbox.model, "--quiet"]] {
            let result = try semblance(sandbox, arguments, cache: url)
            #expect(result.status != 0)
            #expect(result.stderr.contains("has schema version 99, newer than this semblance understands (4)"), "\(result.stderr)")
            #expect(result.stderr.contains("127.0.0.1:"))
            #expect(!result.stderr.contains("semblance-test"), "the password leaked: \(result.stderr)")
        }
        #expect(try PostgresConnection(url: url).query("SELECT value FROM semblance_meta").text(0, 0) == "99")
    }

    /// A server that is not there is one line naming it, never the password, and a
    /// postgres:// value is never taken for a file path (nothing is created).
    @Test func aServerThatIsDownIsOneLineAndNoFile() throws {
        let sandbox = try CacheSandbox()
        let before = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.currentDirectoryPath)
        let result = try semblance(sandbox, ["cache", "list"], cache: "postgres://ann:Secret-9@127.0.0.1:1/class")
        #expect(result.status != 0)
        #expect(result.stderr.contains("127.0.0.1:1/class"), "\(result.stderr)")
        #expect(!result.stderr.contains("Secret-9"))
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: FileManager.default.currentDirectoryPath) == before)
    }
}

import Foundation
import Testing
import TestSupport
import VectorCache

#if canImport(Glibc)
import Glibc
#endif

/// What the binary does with cache paths that are not plain writable caches: a FIFO, a
/// device, an impossible schema version, a read-only directory, a missing directory.
/// Each command runs under `timeout`, so a hang fails the test instead of stopping it.
struct CachePathCommandTests {
    private func run(_ sandbox: CacheSandbox, _ arguments: [String], cache: String? = nil) throws -> CommandResult {
        let binary = try CommandRunner.semblanceBinary().path
        return try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/timeout"), ["-s", "KILL", "60", binary] + arguments,
                                     environment: ["SEMBLANCE_CACHE": cache ?? sandbox.cachePath])
    }

    /// Every command that opens the cache, reading or writing.
    private func everyCommand(_ sandbox: CacheSandbox) throws -> [[String]] {
        let file = try sandbox.write(lines: ["one", "two"], to: "corpus.txt")
        return [["index", "--corpus", "c", file.path, "--model", sandbox.model, "--quiet"],
                ["search", "--corpus", "c", "--model", sandbox.model, "one"],
                ["cache", "list"], ["cache", "info", "c"], ["cache", "verify"], ["cache", "vacuum"], ["cache", "remove", "c"]]
    }

    /// Status 1 (not a signal, not the timeout) and one stderr line containing `fragment`.
    private func expectOneLineError(_ result: CommandResult, _ fragment: String, _ what: [String]) {
        #expect(result.status == 1, "\(what): status \(result.status): \(result.stderr)")
        let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!message.contains("\n") && message.contains(fragment), "\(what): \(message)")
    }

    @Test func negativeSchemaVersionIsRefusedByEveryCommandWithoutACrash() throws {
        let sandbox = try CacheSandbox()
        _ = try sandbox.index("c", [try sandbox.write(lines: ["seed"], to: "seed.txt")])
        try Database(path: sandbox.cachePath, access: .readWriteCreate)
            .execute("PRAGMA user_version = -1; PRAGMA wal_checkpoint(TRUNCATE)")
        let before = try sandbox.cacheBytes()
        for arguments in try everyCommand(sandbox) {
            expectOneLineError(try run(sandbox, arguments), "schema version -1, which semblance never writes", arguments)
        }
        #expect(try sandbox.cacheBytes() == before)
    }

    @Test func fifoIsRefusedByEveryCommandWithoutHanging() throws {
        let sandbox = try CacheSandbox()
        #expect(mkfifo(sandbox.cachePath, 0o644) == 0)
        for arguments in try everyCommand(sandbox) {
            expectOneLineError(try run(sandbox, arguments), "is a FIFO (named pipe), not a regular file", arguments)
        }
    }

    @Test func linkToDevNullIsRefusedAndNoJournalIsCreated() throws {
        let sandbox = try CacheSandbox()
        try FileManager.default.createSymbolicLink(atPath: sandbox.cachePath, withDestinationPath: "/dev/null")
        for arguments in try everyCommand(sandbox) {
            expectOneLineError(try run(sandbox, arguments), "(→ /dev/null) is a character device", arguments)
        }
        #expect(!FileManager.default.fileExists(atPath: "/dev/null-journal"))
    }

    @Test func explicitPathInAMissingDirectoryIsRefused() throws {
        let sandbox = try CacheSandbox()
        let missing = sandbox.directory.file("no/such/dir/c.sqlite").path
        let file = try sandbox.write(lines: ["one"], to: "corpus.txt")
        for cache in ["--cache", "SEMBLANCE_CACHE"] {
            var arguments = ["index", "--corpus", "c", file.path, "--model", sandbox.model, "--quiet"]
            if cache == "--cache" { arguments += ["--cache", missing] }
            let result = try run(sandbox, arguments, cache: missing)
            expectOneLineError(result, "directory \(sandbox.directory.file("no/such/dir").path) does not exist", arguments)
        }
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory.file("no").path))
    }

    @Test func defaultLocationGetsItsDirectoryCreated() throws {
        let sandbox = try CacheSandbox()
        let file = try sandbox.write(lines: ["one"], to: "corpus.txt")
        let home = sandbox.directory.file("xdg-cache").path
        let binary = try CommandRunner.semblanceBinary()
        let result = try CommandRunner.run(binary, ["index", "--corpus", "c", file.path, "--model", sandbox.model, "--quiet"],
                                           environment: ["SEMBLANCE_CACHE": "", "XDG_CACHE_HOME": home])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: home + "/semblance/cache.sqlite"))
    }

    /// Read-only by permission bits (honoured even for root): every reading command works
    /// and nothing is created beside the file; writing ones say read-only. (A real read-only
    /// mount is in scripts/faults.sh: mounting needs root.)
    @Test func readOnlyDirectoryServesEveryReadingCommand() throws {
        let sandbox = try CacheSandbox()
        let cacheDirectory = sandbox.directory.file("ro")
        try FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        let cache = cacheDirectory.appendingPathComponent("cache.sqlite").path
        let seed = try run(sandbox, ["index", "--corpus", "c", try sandbox.write(lines: ["one", "two"], to: "seed.txt").path,
                                     "--model", sandbox.model, "--quiet"], cache: cache)
        #expect(seed.status == 0, "\(seed.stderr)")
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: cacheDirectory.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cacheDirectory.path) }
        let before = try FileManager.default.contentsOfDirectory(atPath: cacheDirectory.path).sorted()
        for arguments in [["search", "--corpus", "c", "--model", sandbox.model, "one"], ["cache", "list"],
                          ["cache", "info", "c"], ["cache", "verify"]] {
            let result = try run(sandbox, arguments, cache: cache)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cacheDirectory.path).sorted() == before)
        for arguments in [["cache", "vacuum"], ["cache", "remove", "c"]] {
            expectOneLineError(try run(sandbox, arguments, cache: cache), "is read-only", arguments)
        }
    }
}

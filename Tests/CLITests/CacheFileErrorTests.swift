import Foundation
import Testing
import TestSupport
import VectorCache

/// A cache file that must not be used: one-line error, exit ≠ 0, the file unchanged.
struct CacheFileErrorTests {
    private func expectRefused(_ sandbox: CacheSandbox, mentions fragment: String) throws {
        let file = try sandbox.write(lines: ["one", "two"], to: "corpus.txt")
        let isFile = !FileManager.default.fileExists(atPath: sandbox.cachePath + "/.")
        let before = isFile ? try sandbox.cacheBytes() : Data()
        for arguments in [["index", "--corpus", "c", file.path, "--model", sandbox.model, "--quiet"],
                          ["search", "--corpus", "c", "--model", sandbox.model, "one"],
                          ["cache", "list"]] {
            let result = try sandbox.run(arguments)
            #expect(result.status != 0, "\(arguments[0]) succeeded")
            let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!message.contains("\n"), "not one line: \(message)")
            #expect(message.contains(fragment), "\(message)")
        }
        if isFile { #expect(try sandbox.cacheBytes() == before) }
    }

    /// A real cache with one corpus, its WAL folded in so the file is complete on its own.
    private func makeCache(_ sandbox: CacheSandbox) throws {
        let file = try sandbox.write(lines: ["existing"], to: "seed.txt")
        _ = try sandbox.index("seed", [file])
        let database = try Database(path: sandbox.cachePath, access: .readWriteCreate)
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    @Test func newerSchemaVersion() throws {
        let sandbox = try CacheSandbox()
        try makeCache(sandbox)
        let database = try Database(path: sandbox.cachePath, access: .readWriteCreate)
        try database.execute("PRAGMA user_version = 42; PRAGMA wal_checkpoint(TRUNCATE)")
        try expectRefused(sandbox, mentions: "schema version 42")
    }

    @Test func randomBytes() throws {
        let sandbox = try CacheSandbox()
        var generator = SplitMix64(seed: 0x5EED_F11E)  // seeded: a failure must replay
        try Data((0..<65536).map { _ in UInt8.random(in: 0...255, using: &generator) })
            .write(to: URL(fileURLWithPath: sandbox.cachePath))
        try expectRefused(sandbox, mentions: "not a SQLite database")
    }

    @Test func directoryInsteadOfFile() throws {
        let sandbox = try CacheSandbox()
        try FileManager.default.createDirectory(atPath: sandbox.cachePath, withIntermediateDirectories: true)
        try expectRefused(sandbox, mentions: "is a directory")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.cachePath).isEmpty)
    }

    @Test func readOnlyFileRefusesWritesButServesReads() throws {
        let sandbox = try CacheSandbox()
        try makeCache(sandbox)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: sandbox.cachePath)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: sandbox.cachePath) }
        let before = try sandbox.cacheBytes()
        let file = try sandbox.write(lines: ["one"], to: "corpus.txt")
        let result = try sandbox.index("c", [file])
        #expect(result.status != 0)
        #expect(result.stderr.contains("read-only"))
        #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
        let search = try sandbox.run(["search", "--corpus", "seed", "--model", sandbox.model, "existing"])
        #expect(search.status == 0, "\(search.stderr)")
        #expect(try sandbox.cacheBytes() == before)
    }
}

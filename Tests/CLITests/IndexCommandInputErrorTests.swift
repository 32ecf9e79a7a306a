import Foundation
import Testing
import TestSupport

/// Bad input files: a one-line error naming the file (and line or field), exit ≠ 0, and no
/// cache touched.
struct IndexCommandInputErrorTests {
    private func expectFailure(_ sandbox: CacheSandbox, _ file: URL, extra: [String] = [], mentions fragments: [String]) throws {
        let result = try sandbox.index("bad", [file], extra: extra)
        #expect(result.status != 0)
        let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!message.contains("\n"), "not one line: \(message)")
        for fragment in fragments { #expect(message.contains(fragment), "\(message) lacks \(fragment)") }
        #expect(!FileManager.default.fileExists(atPath: sandbox.cachePath))
    }

    @Test func missingFile() throws {
        let sandbox = try CacheSandbox()
        try expectFailure(sandbox, sandbox.directory.file("absent.txt"), mentions: ["absent.txt", "no such file"])
    }

    @Test func notUTF8NamesTheLine() throws {
        let sandbox = try CacheSandbox()
        let file = sandbox.directory.file("latin1.txt")
        try Data([0x6F, 0x6B, 0x0A, 0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: file)
        try expectFailure(sandbox, file, mentions: ["latin1.txt:2", "UTF-8"])
    }

    @Test func jsonlLineThatIsNotJSON() throws {
        let sandbox = try CacheSandbox()
        let file = try sandbox.directory.write("broken.jsonl", "{\"text\": \"fine\"}\n{\"text\": oops}\n")
        try expectFailure(sandbox, file, mentions: ["broken.jsonl:2", "JSON"])
    }

    @Test func jsonlLineWithoutTheField() throws {
        let sandbox = try CacheSandbox()
        let file = try sandbox.directory.write("fields.jsonl", "{\"text\": \"fine\"}\n{\"body\": \"other\"}\n")
        try expectFailure(sandbox, file, mentions: ["fields.jsonl:2", "\"text\""])
    }

    @Test func csvWithoutTheColumn() throws {
        let sandbox = try CacheSandbox()
        let file = try sandbox.directory.write("table.csv", "id,body\n1,hello\n")
        try expectFailure(sandbox, file, extra: ["--column", "sentence"], mentions: ["table.csv:1", "sentence"])
    }

    @Test func emptyFile() throws {
        let sandbox = try CacheSandbox()
        let file = try sandbox.directory.write("empty.txt", "\n\n")
        try expectFailure(sandbox, file, mentions: ["empty.txt", "no texts"])
    }
}

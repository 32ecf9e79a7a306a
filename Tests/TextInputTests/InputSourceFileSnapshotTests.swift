import Foundation
import Testing
import TestSupport
import TextInput

/// A file read by `InputSource.file` is a snapshot: changing the file on disk afterwards
/// (as a user can, while `semblance index` runs) changes nothing and never faults.
struct InputSourceFileSnapshotTests {
    /// 40,000 numbered lines, about 600 KB: many pages, so a memory map would fault past the first.
    private static let text = (1...40_000).map { "line number \($0)" }.joined(separator: "\n") + "\n"

    private func lineCount(_ source: InputSource) throws -> (count: Int, last: String) {
        var count = 0, last = ""
        try source.lines.forEach { _, text in
            count += 1
            last = text
        }
        return (count, last)
    }

    @Test func truncatedInPlaceAfterOpening() throws {
        let directory = try TemporaryDirectory()
        let url = try directory.write("corpus.txt", Self.text)
        let source = try InputSource.file(url.path)
        // Same inode, length 0: what `: > corpus.txt` does.
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 0)
        try handle.close()
        let (count, last) = try lineCount(source)
        #expect(count == 40_000 && last == "line number 40000")
    }

    @Test func rewrittenAndDeletedAfterOpening() throws {
        let directory = try TemporaryDirectory()
        let url = try directory.write("corpus.txt", Self.text)
        let source = try InputSource.file(url.path)
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data(String(repeating: "x", count: 1000).utf8))
        try handle.close()
        try FileManager.default.removeItem(at: url)
        let (count, last) = try lineCount(source)
        #expect(count == 40_000 && last == "line number 40000")
        var first = ""
        try source.lines.forEach { line, text in if line == 1 { first = text } }
        #expect(first == "line number 1")
    }
}

import Foundation
import Testing
import TextInput

struct InputSourceLinesTests {
    private func lines(_ bytes: [UInt8]) throws -> [String] {
        var result: [String] = []
        try InputSource(name: "t", data: Data(bytes)).lines.forEach { _, text in result.append(text) }
        return result
    }

    @Test func newlinesAndCRLFEndLines() throws {
        #expect(try lines(Array("a\nb\r\nc".utf8)) == ["a", "b", "c"])
        #expect(try lines(Array("a\n".utf8)) == ["a"])
        #expect(try lines(Array("\n\n".utf8)) == ["", ""])
        #expect(try lines([]) == [])
    }

    @Test func invalidUTF8NamesTheLine() {
        #expect(throws: TextInputError.invalidUTF8(source: "t", line: 2)) {
            _ = try lines(Array("ok\nbad ".utf8) + [0xC3, 0x28] + Array("\nok".utf8))
        }
    }

    @Test func plainReaderSkipsBlankLinesOnRequest() throws {
        let source = InputSource(name: "t", data: Data("one\n  \ntwo\n".utf8))
        #expect(try PlainLinesReader.records(in: source).map(\.text) == ["one", "  ", "two"])
        #expect(try PlainLinesReader.records(in: source, skipEmpty: true).map(\.line) == [1, 3])
    }

    @Test func missingFileIsNamed() {
        #expect(throws: TextInputError.fileNotFound(path: "/nonexistent/x.txt")) {
            _ = try InputSource.file("/nonexistent/x.txt")
        }
    }
}

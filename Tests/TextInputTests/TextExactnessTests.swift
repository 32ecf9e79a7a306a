import Foundation
import Testing
import TextInput

/// Texts and ids come out of every reader exactly as they are in the input; one leading byte
/// order mark is dropped whatever the format.
struct TextExactnessTests {
    private func source(_ bytes: [UInt8], name: String = "in") -> InputSource { InputSource(name: name, data: Data(bytes)) }
    private func source(_ text: String, name: String = "in") -> InputSource { source(Array(text.utf8), name: name) }
    private let bom = "\u{FEFF}"

    @Test func nulIsKeptByEveryReader() throws {
        #expect(try PlainLinesReader.records(in: source("a\0b\n")).map(\.text) == ["a\0b"])
        #expect(try DelimitedReader().records(in: source("text\na\0b\n")).map(\.text) == ["a\0b"])
        #expect(try JSONLinesReader().records(in: source("{\"text\": \"a\\u0000b\"}\n\"c\\u0000\"")).map(\.text) == ["a\0b", "c\0"])
    }

    @Test func byteOrderMarksInsideJSONStringsAreKept() throws {
        let records = try JSONLinesReader().records(in: source("\"\(bom)raw\"\n{\"text\": \"\\ufeffescaped\"}\n{\"text\": \"x\(bom)\"}"))
        #expect(records.map(\.text) == ["\(bom)raw", "\(bom)escaped", "x\(bom)"])
    }

    @Test func oneLeadingByteOrderMarkIsDroppedInEveryFormat() throws {
        #expect(try PlainLinesReader.records(in: source("\(bom)first\n\(bom)second")).map(\.text) == ["first", "\(bom)second"])
        #expect(try JSONLinesReader().records(in: source("\(bom)\"first\"")).map(\.text) == ["first"])
        #expect(try DelimitedReader().records(in: source("\(bom)text\nfirst")).map(\.text) == ["first"])
        // A second BOM is text (a plain line), not a mark.
        #expect(try PlainLinesReader.records(in: source("\(bom)\(bom)x")).map(\.text) == ["\(bom)x"])
        #expect(source("\(bom)").data.isEmpty)
    }

    @Test func aByteOrderMarkStartingALaterJSONLineIsNotJSON() {
        #expect(throws: TextInputError.self) { _ = try JSONLinesReader().records(in: source("\"a\"\n\(bom)\"b\"")) }
    }

    @Test func idsKeepTheirJSONTextAsWritten() throws {
        let reader = JSONLinesReader(idField: "id")
        let input = ["true", "false", "1.50", "7", "-0", "1e3", "\"s\"", "\"\\u0000\""]
            .map { "{\"text\": \"t\", \"id\": \($0)}" }.joined(separator: "\n")
        #expect(try reader.records(in: source(input)).map(\.id) == ["true", "false", "1.50", "7", "-0", "1e3", "s", "\0"])
    }

    @Test func idsThatAreNotScalarsAreRefused() {
        let reader = JSONLinesReader(idField: "id")
        #expect(throws: TextInputError.idNotScalar(source: "in", line: 2, field: "id")) {
            _ = try reader.records(in: source("{\"text\": \"t\", \"id\": 1}\n{\"text\": \"t\", \"id\": [1]}"))
        }
        #expect(throws: TextInputError.missingField(source: "in", line: 1, field: "id")) {
            _ = try reader.records(in: source("{\"text\": \"t\", \"id\": null}"))
        }
    }
}

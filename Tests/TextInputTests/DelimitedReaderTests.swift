import Foundation
import Testing
import TextInput

/// CSV/TSV reading: RFC 4180 quoting, column choice, line-numbered errors.
@Suite struct DelimitedReaderTests {
    private func source(_ text: String, name: String = "data.csv") -> InputSource {
        InputSource(name: name, data: Data(text.utf8))
    }

    @Test func columnByHeaderName() throws {
        let records = try DelimitedReader(textColumn: .name("sentence")).records(in: source("id,sentence\n1,hello\n2,world\n"))
        #expect(records == [TextRecord(line: 2, text: "hello"), TextRecord(line: 3, text: "world")])
    }

    @Test func columnByNumberAndIdColumn() throws {
        let reader = DelimitedReader(textColumn: .number(2), idColumn: .name("id"))
        let records = try reader.records(in: source("id,sentence\nx1,hello\n"))
        #expect(records == [TextRecord(line: 2, text: "hello", id: "x1")])
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndNewlines() throws {
        let text = "id,text\n1,\"a, b\"\n2,\"she said \"\"hi\"\"\"\n3,\"two\nlines\"\n4,plain\n"
        let records = try DelimitedReader().records(in: source(text))
        #expect(records.map(\.text) == ["a, b", "she said \"hi\"", "two\nlines", "plain"])
        // Records are numbered by the line they start on.
        #expect(records.map(\.line) == [2, 3, 4, 6])
    }

    @Test func crlfLineEndingsAndByteOrderMark() throws {
        let text = "\u{FEFF}text,n\r\nfirst,1\r\n\"second\",2\r\n"
        let records = try DelimitedReader().records(in: source(text))
        #expect(records.map(\.text) == ["first", "second"])
    }

    @Test func tabSeparatedByExtension() throws {
        #expect(DelimitedReader.delimiter(forPath: "x/corpus.TSV") == UInt8(ascii: "\t"))
        #expect(DelimitedReader.delimiter(forPath: "corpus.csv") == UInt8(ascii: ","))
        let reader = DelimitedReader(delimiter: UInt8(ascii: "\t"), textColumn: .name("text"))
        let records = try reader.records(in: source("text\tother\na, b\tz\n", name: "c.tsv"))
        #expect(records.map(\.text) == ["a, b"])
    }

    @Test func blankTextsAndBlankLinesAreSkipped() throws {
        let records = try DelimitedReader().records(in: source("text\n\nkept\n\"  \"\n\nalso kept"))
        #expect(records.map(\.text) == ["kept", "also kept"])
        #expect(records.map(\.line) == [3, 6])
    }

    @Test func missingHeaderColumnIsNamed() {
        let error = #expect(throws: TextInputError.self) {
            try DelimitedReader(textColumn: .name("body")).records(in: self.source("id,text\n1,a\n"))
        }
        #expect(error == .missingField(source: "data.csv", line: 1, field: "body"))
    }

    @Test func shortRowNamesItsLine() {
        let error = #expect(throws: TextInputError.self) {
            try DelimitedReader(textColumn: .number(2)).records(in: self.source("a,b\n1,x\n2\n"))
        }
        #expect(error == .missingField(source: "data.csv", line: 3, field: "column 2"))
    }

    @Test func columnNumberBeyondHeaderIsAnError() {
        #expect(throws: TextInputError.missingField(source: "data.csv", line: 1, field: "column 5")) {
            try DelimitedReader(textColumn: .number(5)).records(in: self.source("a,b\n1,2\n"))
        }
    }

    @Test func invalidUTF8NamesTheLine() {
        var bytes = Data("text\nfine\n".utf8)
        bytes.append(contentsOf: [0x62, 0xFF, 0x0A])
        #expect(throws: TextInputError.invalidUTF8(source: "bad.csv", line: 3)) {
            try DelimitedReader().records(in: InputSource(name: "bad.csv", data: bytes))
        }
    }

    @Test func withoutHeaderEveryRowIsARecord() throws {
        let reader = DelimitedReader(textColumn: .number(1), hasHeader: false)
        #expect(try reader.records(in: source("a,1\nb,2\n")).map(\.text) == ["a", "b"])
        #expect(throws: TextInputError.self) {
            try DelimitedReader(textColumn: .name("text"), hasHeader: false).records(in: self.source("a\n"))
        }
    }

    @Test func emptyFileHasNoRecords() throws {
        #expect(try DelimitedReader().records(in: source("")).isEmpty)
    }

    @Test func leniencyMatchesPythonCSV() throws {
        // csv.reader(['a,"b"x,c']) → ['a', 'bx', 'c']; an open quote at the end runs to the end.
        let reader = DelimitedReader(textColumn: .number(2), hasHeader: false)
        #expect(try reader.records(in: source("a,\"b\"x,c\n")).map(\.text) == ["bx"])
        #expect(try reader.records(in: source("a,\"b\nc,d\n")).map(\.text) == ["b\nc,d\n"])
    }

    @Test func columnParsing() {
        #expect(DelimitedReader.Column(parsing: "3") == .number(3))
        #expect(DelimitedReader.Column(parsing: "text") == .name("text"))
        #expect(DelimitedReader.Column(parsing: "３") == .name("３"))
    }

    /// Arbitrary bytes never trap: either records or a `TextInputError`.
    @Test func randomBytesNeverTrap() {
        var state: UInt64 = 7
        for length in 0..<300 {
            let bytes = (0..<length).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = Int(state >> 60)
                return [UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0xC3, 0xA9, 0xFF,
                        UInt8(ascii: "a"), UInt8(ascii: "\t"), UInt8(ascii: " ")][pick % 10]
            }
            let input = InputSource(name: "fuzz.csv", data: Data(bytes))
            for reader in [DelimitedReader(textColumn: .number(1), hasHeader: false), DelimitedReader(textColumn: .number(2))] {
                do { _ = try reader.records(in: input) } catch is TextInputError {} catch { Issue.record("unexpected \(error)") }
            }
        }
    }
}

import Foundation
import Testing
import TextInput

struct JSONLinesReaderTests {
    private func source(_ text: String) -> InputSource { InputSource(name: "c.jsonl", data: Data(text.utf8)) }

    @Test func stringsAndObjectsBothGiveTexts() throws {
        let records = try JSONLinesReader().records(in: source("\"plain\"\n\n{\"text\": \"object\", \"n\": 1}\n"))
        #expect(records == [TextRecord(line: 1, text: "plain"), TextRecord(line: 3, text: "object")])
    }

    @Test func customFieldsAndIds() throws {
        let reader = JSONLinesReader(textField: "body", idField: "key")
        let records = try reader.records(in: source("{\"body\": \"b\", \"key\": 7}\n{\"body\": \"c\", \"key\": \"x\"}"))
        #expect(records.map(\.id) == ["7", "x"])
    }

    @Test func errorsNameTheLine() {
        #expect(throws: TextInputError.missingField(source: "c.jsonl", line: 2, field: "text")) {
            _ = try JSONLinesReader().records(in: source("\"ok\"\n{\"other\": 1}"))
        }
        #expect(throws: TextInputError.fieldNotText(source: "c.jsonl", line: 1, field: "text")) {
            _ = try JSONLinesReader().records(in: source("{\"text\": 5}"))
        }
        #expect(throws: TextInputError.malformedJSON(source: "c.jsonl", line: 1, reason: "expected a string or an object")) {
            _ = try JSONLinesReader().records(in: source("[1, 2]"))
        }
    }
}

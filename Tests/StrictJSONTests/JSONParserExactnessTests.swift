import StrictJSON
import Testing

/// The parser gives strings exactly as written and numbers with their text.
struct JSONParserExactnessTests {
    private func parse(_ text: String, allowingByteOrderMark: Bool = true) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8), allowingByteOrderMark: allowingByteOrderMark)
    }

    @Test func byteOrderMarksAndNulInsideStringsAreKept() throws {
        // Raw U+FEFF, escaped U+FEFF, escaped NUL: Foundation's JSONSerialization drops the first.
        #expect(try parse("\"\u{FEFF}raw\"") == .string("\u{FEFF}raw"))
        #expect(try parse("\"\\ufeffescaped\"") == .string("\u{FEFF}escaped"))
        #expect(try parse("\"a\\u0000b\"").stringValue?.utf8.count == 3)
    }

    @Test func canonicallyEquivalentStringsStayDistinct() throws {
        let value = try parse("{\"caf\\u00e9\": 1, \"cafe\\u0301\": 2}")
        #expect(value["caf\u{E9}"]?.integerValue == 1)
        #expect(value["cafe\u{301}"]?.integerValue == 2)
    }

    @Test func numbersKeepTheirText() throws {
        for text in ["1.50", "-0", "2E+3", "7", "123456789012345678901234567890"] {
            guard case let .number(number) = try parse(text) else {
                Issue.record("\(text) is not a number")
                continue
            }
            #expect(number.text == text)
        }
        #expect(try parse("7").integerValue == 7)
        #expect(try parse("1e2").integerValue == 100)
        #expect(try parse("1.5").integerValue == nil)
    }

    @Test func aLeadingByteOrderMarkIsSkippedOnlyWhenAllowed() throws {
        #expect(try parse("\u{FEFF}\"x\"") == .string("x"))
        #expect(throws: JSONSyntaxError.self) { try parse("\u{FEFF}\"x\"", allowingByteOrderMark: false) }
    }
}

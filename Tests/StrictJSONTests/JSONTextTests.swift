import StrictJSON
import Testing

/// What `JSONText` writes, the parser reads back unchanged: every control character, quotes,
/// backslashes, U+2028, astral scalars and a lone BOM inside a string.
@Suite struct JSONTextTests {
    @Test func stringsRoundTripThroughTheParser() throws {
        var text = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
        text += "\"\\/ é \u{2028} \u{FEFF} 𝄞 \u{7F}"
        let written = JSONText.string(text)
        #expect(!written.unicodeScalars.contains { $0.value < 0x20 }, "raw control characters in \(written.debugDescription)")
        #expect(try JSONParser.parse(Array(written.utf8)).stringValue == text)
    }

    @Test func objectsKeepTheirKeyOrderAndNumbersTheirValue() throws {
        let written = JSONText.object([("z", JSONText.number(Float(0.1))), ("a", JSONText.array(["1", "null"])),
                                       ("n", JSONText.number(Double.nan))])
        #expect(written == #"{"z":0.1,"a":[1,null],"n":null}"#)
        let parsed = try JSONParser.parse(Array(written.utf8))
        #expect(parsed["n"]?.isNull == true && parsed["z"] != nil)
    }
}

import ExplorerUI
import Testing

/// Columns padded by terminal width line up whatever the names hold, and nothing is cut.
@Suite struct DisplayWidthPaddingTests {
    @Test(arguments: ["plain", "café", "cafe\u{0301}", "e\u{0301}\u{0302}\u{0303}", "😀😀", "👩‍👩‍👧", "東京コーパス", "🇫🇷 flag"])
    func paddedNamesFillTheSameColumns(name: String) {
        let padded = DisplayWidth.padded(name, toWidth: 16)
        #expect(padded.hasPrefix(name))
        #expect(DisplayWidth.of(padded) == 16)
    }

    @Test func rightAlignedAndTooLong() {
        #expect(DisplayWidth.padded("東京", toWidth: 6, alignRight: true) == "  東京")
        #expect(DisplayWidth.padded("a longer text", toWidth: 4) == "a longer text")
        #expect(DisplayWidth.of("東京") == 4 && DisplayWidth.of("e\u{0301}") == 1)
    }
}

import Testing
import TextOutput

struct TerminalTextTests {
    @Test func controlsBecomeControlPictures() {
        #expect(TerminalText.visible("a\u{1B}[31mred\u{1B}[0m") == "a␛[31mred␛[0m")
        #expect(TerminalText.visible("tab\tnl\ncr\rnul\0del\u{7F}") == "tab␉nl␊cr␍nul␀del␡")
        #expect(TerminalText.visible("bell\u{07}") == "bell␇")
    }

    @Test func c1ControlsAndBidiOverridesBecomeCodePoints() {
        #expect(TerminalText.visible("csi\u{9B}2J") == "csi⟨U+009B⟩2J")
        #expect(TerminalText.visible("\u{202E}evil\u{2066}x\u{2069}") == "⟨U+202E⟩evil⟨U+2066⟩x⟨U+2069⟩")
        #expect(TerminalText.visible("line\u{2028}sep") == "line⟨U+2028⟩sep")
    }

    @Test func everythingElseIsKept() {
        let text = "Café déjà vu, 日本語, e\u{301}, 👩‍👩‍👧, \u{FEFF}, \u{200D}"
        #expect(TerminalText.visible(text) == text)
    }

    @Test func lineBreaksMayBeKept() {
        #expect(TerminalText.visible("a\nb\u{1B}", keepingLineBreaks: true) == "a\nb␛")
    }

    @Test func theResultHasNothingATerminalActsOn() {
        var text = ""
        for value in 0..<0x3000 where !(0xD800...0xDFFF).contains(value) {
            text.unicodeScalars.append(Unicode.Scalar(UInt32(value))!)
        }
        #expect(!TerminalText.visible(text).unicodeScalars.contains(where: TerminalText.needsStandIn))
    }

    /// The form an error message quotes a text in (the cache names the text with a bad vector).
    @Test func anExcerptIsQuotedCutAfterItsLimitAndMadeVisible() {
        #expect(TerminalText.quotedExcerpt("bad\ntext") == "\"bad␊text\"")
        #expect(TerminalText.quotedExcerpt(String(repeating: "a", count: 41)) == "\"" + String(repeating: "a", count: 40) + "…\"")
        #expect(TerminalText.quotedExcerpt(String(repeating: "é", count: 40)) == "\"" + String(repeating: "é", count: 40) + "\"")
        #expect(TerminalText.quotedExcerpt("x\u{1B}[2J", limit: 2) == "\"x␛…\"")
    }
}

import ExplorerUI
import Testing
import TestSupport

@Suite struct KeyDecoderSequenceTests {
    private func decode(_ text: String) -> [KeyEvent] { KeyDecoder.decode(Array(text.utf8)) }

    @Test func printableAndControlBytes() {
        #expect(decode("aZ ?") == [.character("a"), .character("Z"), .character(" "), .character("?")])
        #expect(KeyDecoder.decode([0x01, 0x05, 0x15, 0x17, 0x03]) ==
                [.control("a"), .control("e"), .control("u"), .control("w"), .control("c")])
        #expect(KeyDecoder.decode([0x0D, 0x0A, 0x09, 0x7F, 0x08]) == [.enter, .enter, .tab, .backspace, .backspace])
    }

    @Test func cursorKeysInCSIAndSS3Forms() {
        #expect(decode("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D") == [.up, .down, .right, .left])
        #expect(decode("\u{1B}OA\u{1B}OB\u{1B}OH\u{1B}OF") == [.up, .down, .home, .end])
        #expect(decode("\u{1B}[1;5C") == [.right])  // Ctrl-Right still moves right
        #expect(decode("\u{1B}[Z") == [.backTab])
    }

    @Test func tildeSequences() {
        #expect(decode("\u{1B}[1~\u{1B}[4~\u{1B}[7~\u{1B}[8~") == [.home, .end, .home, .end])
        #expect(decode("\u{1B}[3~\u{1B}[2~\u{1B}[5~\u{1B}[6~") == [.delete, .insert, .pageUp, .pageDown])
        #expect(decode("\u{1B}[11~\u{1B}[15~\u{1B}[17~\u{1B}[24~") == [.function(1), .function(5), .function(6), .function(12)])
        #expect(decode("\u{1B}OP") == [.function(1)])
        #expect(decode("\u{1B}[99~") == [.unknown(Array("\u{1B}[99~".utf8))])
    }

    @Test func loneEscapeWaitsForTheFlush() {
        var decoder = KeyDecoder()
        let fed = decoder.feed([0x1B])
        #expect(fed == [])
        #expect(decoder.hasPendingBytes)
        let flushed = decoder.flush()
        #expect(flushed == [.escape])
        #expect(!decoder.hasPendingBytes)
    }

    @Test func sequencesSplitAcrossReadsAreJoined() {
        var decoder = KeyDecoder()
        let first = decoder.feed([0x1B, UInt8(ascii: "[")])
        let second = decoder.feed([UInt8(ascii: "5")])
        let third = decoder.feed([UInt8(ascii: "~"), UInt8(ascii: "x")])
        #expect(first == [] && second == [])
        #expect(third == [.pageUp, .character("x")])
    }

    @Test func escapeThenLetterIsAlt() {
        #expect(decode("\u{1B}b\u{1B}f") == [.alt("b"), .alt("f")])
        #expect(KeyDecoder.decode([0x1B, 0x1B]) == [.escape, .escape])
    }

    @Test func utf8TextIncludingSplitCharacters() {
        #expect(decode("é日🙂") == [.character("é"), .character("日"), .character("🙂")])
        var decoder = KeyDecoder()
        let bytes = Array("日".utf8)
        let head = decoder.feed(bytes[0..<2])
        let tail = decoder.feed(bytes[2...])
        #expect(head == [] && tail == [.character("日")])
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        #expect(KeyDecoder.decode([0xFF, 0x41]) == [.character("\u{FFFD}"), .character("A")])
        #expect(KeyDecoder.decode([0xC0, 0x80]) == [.character("\u{FFFD}"), .character("\u{FFFD}")])  // overlong
        #expect(KeyDecoder.decode([0xED, 0xA0, 0x80]).first == .character("\u{FFFD}"))  // surrogate
        #expect(KeyDecoder.decode([0xE6, 0x97]) == [.character("\u{FFFD}"), .character("\u{FFFD}")])  // cut at the end
    }

    @Test func sgrMouseReports() {
        #expect(decode("\u{1B}[<0;10;5M") == [.mouse(MouseEvent(kind: .press(button: 0), column: 9, row: 4))])
        #expect(decode("\u{1B}[<0;10;5m") == [.mouse(MouseEvent(kind: .release, column: 9, row: 4))])
        #expect(decode("\u{1B}[<64;1;1M\u{1B}[<65;1;1M") ==
                [.mouse(MouseEvent(kind: .scrollUp, column: 0, row: 0)),
                 .mouse(MouseEvent(kind: .scrollDown, column: 0, row: 0))])
        #expect(decode("\u{1B}[<2;3;4M") == [.mouse(MouseEvent(kind: .press(button: 2), column: 2, row: 3))])
        #expect(decode("\u{1B}[<32;3;4M") == [.mouse(MouseEvent(kind: .drag, column: 2, row: 3))])
        #expect(decode("\u{1B}[<0;99999999999999999999;1M") ==
                [.mouse(MouseEvent(kind: .press(button: 0), column: 999_999, row: 0))])
    }

    @Test func x10MouseReports() {
        let bytes: [UInt8] = [0x1B, UInt8(ascii: "["), UInt8(ascii: "M"), 32, 33 + 7, 33 + 2]
        #expect(KeyDecoder.decode(bytes) == [.mouse(MouseEvent(kind: .press(button: 0), column: 7, row: 2))])
    }

    @Test func bracketedPasteArrivesWholeWithItsLineBreaks() {
        let text = "\u{1B}[200~line one\nq\u{1B}[A\u{1B}[201~x"
        #expect(decode(text) == [.paste("line one\nq\u{1B}[A"), .character("x")])
    }

    @Test func pasteEndMarkerSplitAcrossReads() {
        var decoder = KeyDecoder()
        let opened = decoder.feed(Array("\u{1B}[200~abc\u{1B}[20".utf8))
        #expect(opened == [])
        #expect(!decoder.hasPendingBytes)  // an open paste is not flushed by a pause
        let flushed = decoder.flush()
        let closed = decoder.feed(Array("1~".utf8))
        #expect(flushed == [] && closed == [.paste("abc")])
    }

    @Test func longPasteComesInChunksThatKeepCharactersWhole() {
        let body = String(repeating: "日本", count: 40_000)  // 240,000 bytes
        let events = decode("\u{1B}[200~" + body + "\u{1B}[201~")
        #expect(events.count > 1)
        var joined = ""
        for event in events {
            guard case .paste(let chunk) = event else {
                Issue.record("unexpected \(event)")
                return
            }
            #expect(!chunk.contains("\u{FFFD}"))
            joined += chunk
        }
        #expect(joined == body)
    }

    @Test func overlongAndMalformedSequencesAreReportedNotKept() {
        let long = "\u{1B}[" + String(repeating: "1", count: 200) + "A"
        let events = decode(long)
        #expect(events.first.map { if case .unknown = $0 { true } else { false } } == true)
        #expect(decode("\u{1B}[1\u{7}") == [.unknown(Array("\u{1B}[1".utf8)), .control("g")])
        #expect(decode("\u{1B}[?1;2c") == [.unknown(Array("\u{1B}[?1;2c".utf8))])
    }

    @Test func randomBytesNeverTrapAndAlwaysProgress() {
        var generator = SplitMix64(seed: 0x5EB1A)
        for _ in 0..<3_000 {
            let length = Int(generator.next() % 48)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                let r = generator.next()
                // Bias toward the bytes that start sequences.
                bytes.append(r % 4 == 0 ? [0x1B, 0x5B, 0x3C, 0x3B, 0x4D, 0x7E, 0x4F][Int(r / 4 % 7)] : UInt8(truncatingIfNeeded: r >> 8))
            }
            var decoder = KeyDecoder()
            var events: [KeyEvent] = []
            for chunk in stride(from: 0, to: bytes.count, by: 5) {
                events += decoder.feed(bytes[chunk..<min(bytes.count, chunk + 5)])
            }
            events += decoder.flush()
            #expect(events.count <= bytes.count + 1)
        }
    }
}

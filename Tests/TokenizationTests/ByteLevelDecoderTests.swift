import Foundation
import Testing
import TestSupport
import Tokenization

/// The ByteLevel decoder: token texts back to the text they spell.
@Suite struct ByteLevelDecoderTests {
    @Test func decodesTheAlphabet() {
        #expect(ByteLevelDecoder.decode(["Hello", "Ġmy", "Ġfriend", ",", "Ċ"]) == "Hello my friend,\n")
        // "Ã©" are the byte characters of é's two UTF-8 bytes, split over two tokens.
        #expect(ByteLevelDecoder.decode(["caf", "Ã", "©"]) == "café")
        #expect(ByteLevelDecoder.decode("Ġworld") == " world")
    }

    @Test func halfACharacterBecomesReplacement() {
        #expect(ByteLevelDecoder.decode("Ã") == "\u{FFFD}")
    }

    @Test func tokenOutsideTheAlphabetIsTakenAsWritten() {
        #expect(ByteLevelDecoder.decode(["<s>", "Hi", "</s>"]) == "<s>Hi</s>")
    }

    /// Decoding the tokens of every untruncated reference text gives the text back.
    @Test func tokensOfTinyRobertaDecodeToTheirText() throws {
        let tokenizer = try PublicTokenizer.load(directory: BPETokenizerReferenceTests.model)
        let rows = try readJSONLines(BPETokenizerReferenceTests.reference.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
        var checked = 0
        for row in rows {
            let tokenized = tokenizer.tokenize(row.text, maxLength: 10_000)
            let text = ByteLevelDecoder.decode(tokenized.tokens.dropFirst().dropLast().map(\.text))
            #expect(text.unicodeScalars.elementsEqual(row.text.unicodeScalars), "\(row.text.debugDescription.prefix(60))")
            checked += 1
        }
        #expect(checked == 340)
    }
}

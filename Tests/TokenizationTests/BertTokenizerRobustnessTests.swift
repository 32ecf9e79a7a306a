import Foundation
import Testing
import TestSupport
import Tokenization

/// Arbitrary input never traps and always yields well-formed spans.
@Suite struct BertTokenizerRobustnessTests {
    /// Scalars from the ranges where the normalizer and pre-tokenizer have special cases.
    private static let interestingScalars: [ClosedRange<UInt32>] = [
        0x00...0x7F,          // ASCII, controls, punctuation
        0x80...0x24F,         // Latin-1, accented letters, NBSP, NEL
        0x300...0x36F,        // combining marks
        0x370...0x3FF,        // Greek (with an unassigned code point)
        0x1100...0x11FF,      // Hangul jamo
        0x1B00...0x1B7F,      // Balinese, with a virama that survives accent stripping
        0x2000...0x206F,      // spaces, zero-width and format characters, punctuation
        0x3000...0x30FF,      // CJK punctuation, kana, Hangul tone marks
        0x4E00...0x4E2F,      // CJK ideographs
        0xAC00...0xAC2F,      // Hangul syllables
        0xD7FB...0xD7FF,      // just below the surrogates
        0xE000...0xE00F,      // private use
        0xF900...0xF90F,      // CJK compatibility ideographs (singleton decompositions)
        0xFB00...0xFB06,      // ligatures
        0xFFF0...0xFFFF,      // specials, U+FFFD, noncharacters
        0x1D15E...0x1D172,    // musical symbols that decompose into reorderable marks
        0x1F300...0x1F6FF,    // emoji
        0x10FFF0...0x10FFFF,  // the end of the code space
    ]

    private func randomText(_ generator: inout SplitMix64, length: Int) -> String {
        var scalars = String.UnicodeScalarView()
        let fragments = ["[SEP]", "[CLS", "[MASK]", "##", " ", "é", "İ"]
        while scalars.count < length {
            if generator.next() % 10 == 0 {
                scalars.append(contentsOf: fragments[Int(generator.next() % UInt64(fragments.count))].unicodeScalars)
                continue
            }
            let range = Self.interestingScalars[Int(generator.next() % UInt64(Self.interestingScalars.count))]
            let value = range.lowerBound + UInt32(generator.next() % UInt64(range.count))
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    @Test func randomTextsGiveWellFormedTokens() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.miniLMModel)
        var generator = SplitMix64(seed: 2024)
        for _ in 0..<3000 {
            let text = randomText(&generator, length: Int(generator.next() % 60))
            let maxLength = Int(generator.next() % 40) - 2
            let result = tokenizer.tokenize(text, maxLength: maxLength)
            let scalarCount = text.unicodeScalars.count
            #expect(result.tokens.count == max(maxLength, 2) || result.truncatedTokens.isEmpty)
            #expect(result.tokens.count <= max(maxLength, 2))
            #expect(result.tokens.first?.id == 101 && result.tokens.last?.id == 102)
            var previousStart = 0
            for token in result.tokens.dropFirst().dropLast() + result.truncatedTokens {
                #expect(0 <= token.start && token.start < token.end && token.end <= scalarCount, "\(token) in \(text.debugDescription)")
                #expect(token.start >= previousStart, "spans out of order in \(text.debugDescription)")
                #expect(token.id >= 0 && Int(token.id) < tokenizer.vocabularySize)
                previousStart = token.start
            }
        }
    }

    @Test func hugeSingleWordsAndSeparatorsStayLinear() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.tinyModel)
        let word = String(repeating: "ab", count: 500_000)
        let result = tokenizer.tokenize(word, maxLength: 64)
        #expect(result.ids == [101, 100, 102])
        #expect(result.truncatedTokens.isEmpty)
        let brackets = String(repeating: "[SE", count: 300_000)
        #expect(tokenizer.tokenize(brackets, maxLength: 64).truncatedTokens.count == 600_000 - 62)
    }
}

import Foundation
import Testing
import TestSupport
import Tokenization

/// Seeded random texts (any scalar, runs of spaces and metaspaces, literal added tokens)
/// through every pipeline of the fixtures: no trap, spans inside the text and (without offset
/// trimming) in order.
@Suite struct PipelineRobustnessTests {
    private static let folders = [
        "models/tiny-xlmr-unigram", "models/tiny-mpnet",
        "tokenizers/unigram-byte-fallback-prepend-replace-template", "tokenizers/unigram-metaspace-never-nosplit",
        "tokenizers/unigram-strip-replace-nfkc-metaspace-always-nosplit", "tokenizers/wordpiece-nfkd-nfc",
        "tokenizers/wordpiece-added-token-options", "tokenizers/unigram-gspace-roberta-trim-prefix",
    ]

    private static func randomText(_ generator: inout SplitMix64) -> String {
        let pieces: [String] = [" ", "  ", "▁", "\t", "\u{3000}", "<mask>", "<s>", "[rs]", "word", "e\u{301}", "ﬁ", "\u{200B}", "😀"]
        var text = ""
        for _ in 0..<Int.random(in: 0...40, using: &generator) {
            if Bool.random(using: &generator), let piece = pieces.randomElement(using: &generator) {
                text += piece
            } else if let scalar = Unicode.Scalar(UInt32.random(in: 0...0x2FFFF, using: &generator)) {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    @Test(arguments: folders)
    func randomTextsGiveWellFormedTokens(_ folder: String) throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.root.appendingPathComponent(folder))
        var generator = SplitMix64(seed: 1414)
        for _ in 0..<300 {
            let text = Self.randomText(&generator)
            let count = text.unicodeScalars.count
            let maxLength = Int.random(in: 0...40, using: &generator)
            let tokenized = tokenizer.tokenize(text, maxLength: maxLength)
            let added = tokenizer.prefixIds.count + tokenizer.suffixIds.count
            #expect(tokenized.tokens.count <= max(maxLength, added))
            for token in tokenized.tokens + tokenized.truncatedTokens {
                #expect(token.start >= 0 && token.start <= token.end && token.end <= count, "\(folder) \(text.debugDescription)")
            }
            // Offset trimming may move a start past the next token's, as in the library.
            guard !folder.contains("trim") else { continue }
            let textStarts = (tokenized.tokens + tokenized.truncatedTokens).filter { !($0.isSpecial && $0.end == 0) }.map(\.start)
            #expect(textStarts == textStarts.sorted(), "\(folder) \(text.debugDescription)")
        }
    }
}

import Foundation
import Testing
import TestSupport
import Tokenization

/// Every code point through the byte-level BPE tokenizer (alone and between "a" and "b"),
/// against tokenizers 0.23.3 (`reference/unicode-scan/tiny-roberta-bpe.txt`): the GPT-2
/// pattern's classes, the byte alphabet and the offsets of every UTF-8 length.
@Suite struct BPEUnicodeScanTests {
    @Test func byteLevelBPEMatchesTheLibrary() throws {
        let tokenizer = try PublicTokenizer.load(directory: BPETokenizerReferenceTests.model)
        try UnicodeScan("tiny-roberta-bpe").expectMatches { scalar in
            UnicodeScan.tokenizerLine(scalar) { text in
                tokenizer.tokenize(text, maxLength: 1 << 20).tokens.map { (id: $0.id, start: $0.start, end: $0.end) }
            }
        }
    }
}

import Foundation
import Testing
import TestSupport
import Tokenization

/// Every code point of U+0000–U+3FFFF and U+E0000–U+E0FFF (and blocks at the ends of the other
/// planes) through the tables and each tokenizer, against what tokenizers 0.23.3 does with it
/// (`Tests/Fixtures/reference/unicode-scan/`, made by `unicode_scans.py`).
///
/// A new tokenizer type gets its scan with one `@Test` that calls `expectTokenizerScan` with the
/// fixture name (the reference files for `tiny-xlmr-unigram` and `tiny-roberta-bpe` exist already).
@Suite struct LibraryUnicodeScanTests {
    /// The library's classes and combining classes, bit for bit (`unicode_tables.py` FLAGS).
    @Test func classesMatchTheLibrary() throws {
        try UnicodeScan("classes").expectMatches { scalar in
            let classes: [(Unicode.Scalar) -> Bool] = [
                LibraryUnicode.isWhitespace, LibraryUnicode.isRemovedByCleaning, LibraryUnicode.isBertPunctuation,
                LibraryUnicode.isChineseCharacter, LibraryUnicode.isNonspacingMark, LibraryUnicode.isCombiningMark,
                LibraryUnicode.isLetter, LibraryUnicode.isNumber, LibraryUnicode.isRegexWhitespace,
                LibraryUnicode.isRegexWordCharacter, LibraryUnicode.isNumeric, LibraryUnicode.isPunctuation,
            ]
            var bits: UInt32 = 0
            for (bit, isMember) in classes.enumerated() where isMember(scalar) { bits |= 1 << UInt32(bit) }
            if LibraryUnicode.isAddedTokenWordCharacter(scalar) { bits |= 1 << 16 }
            return "\(String(scalar.value, radix: 16, uppercase: true))|\(String(bits, radix: 16, uppercase: true))|\(LibraryUnicode.combiningClass(scalar))"
        }
    }

    /// NFD, NFKD, NFC and NFKC of each scalar alone and between "e" and U+0301 (with the span
    /// each output scalar takes), and Lowercase.
    @Test func normalizersMatchTheLibrary() throws {
        try UnicodeScan("normalizers").expectMatches { scalar in
            var parts = [String(scalar.value, radix: 16, uppercase: true)]
            for form in [LibraryUnicode.NormalizationForm.nfd, .nfkd, .nfc, .nfkc] {
                parts.append(UnicodeScan.hexes(LibraryUnicode.normalize([scalar], form: form).scalars))
                let around = LibraryUnicode.normalize(["e", scalar, "\u{301}"], form: form)
                parts.append(zip(around.scalars, around.origins)
                    .map { "\(String($0.value, radix: 16, uppercase: true)):\($1)" }.joined(separator: " "))
            }
            parts.append(UnicodeScan.hexes(LibraryUnicode.lowercase(scalar)))
            return parts.joined(separator: "|")
        }
    }

    /// WordPiece with MiniLM's uncased vocabulary, in the normalizer settings BERT models use.
    @Test(arguments: [
        ("wordpiece-uncased", nil),
        ("wordpiece-cased", (lowercase: false, stripAccents: false)),
        ("wordpiece-lowercase-keep-accents", (lowercase: true, stripAccents: false)),
        ("wordpiece-cased-strip-accents", (lowercase: false, stripAccents: true)),
    ] as [(String, (lowercase: Bool, stripAccents: Bool)?)])
    func wordPieceMatchesTheLibrary(scan: String, settings: (lowercase: Bool, stripAccents: Bool)?) throws {
        let directory = try TemporaryDirectory()
        let source = Fixtures.tinyModel.appendingPathComponent("tokenizer.json")
        var json = try String(contentsOf: source, encoding: .utf8)
        if let settings {
            // The same edit as the generator's: the BertNormalizer's two flags.
            let original = "\"strip_accents\": null,\n    \"lowercase\": true"
            #expect(json.contains(original), "tiny-bert-mean's normalizer is not written as expected")
            json = json.replacingOccurrences(
                of: original, with: "\"strip_accents\": \(settings.stripAccents),\n    \"lowercase\": \(settings.lowercase)")
        }
        try json.write(to: directory.url.appendingPathComponent("tokenizer.json"), atomically: true, encoding: .utf8)
        let tokenizer = try Tokenizer.load(directory: directory.url)
        if let settings {
            #expect(tokenizer.settings.lowercase == settings.lowercase && tokenizer.settings.stripAccents == settings.stripAccents)
        }
        try expectTokenizerScan(scan) { text in
            tokenizer.tokenize(text, maxLength: 1 << 20).tokens.map { (id: $0.id, start: $0.start, end: $0.end) }
        }
    }

    /// SentencePiece Unigram behind a Precompiled charsmap and Metaspace (XLM-R's pipeline).
    /// Byte-level BPE has its own scan in `BPEUnicodeScanTests`.
    @Test func unigramMatchesTheLibrary() throws {
        let tokenizer = try Tokenizer.load(directory: Fixtures.root.appendingPathComponent("models/tiny-xlmr-unigram"))
        try expectTokenizerScan("tiny-xlmr-unigram") { text in
            tokenizer.tokenize(text, maxLength: 1 << 20).tokens.map { (id: $0.id, start: $0.start, end: $0.end) }
        }
    }

    /// Runs the tokenizer scan `name` with `tokenize` (ids and scalar offsets, special tokens included).
    private func expectTokenizerScan(_ name: String, _ tokenize: @escaping @Sendable (String) -> [(id: Int32, start: Int, end: Int)]) throws {
        try UnicodeScan(name).expectMatches { scalar in UnicodeScan.tokenizerLine(scalar, tokenize: tokenize) }
    }
}

import Foundation
import Testing
import TestSupport
import Tokenization

/// The BPE family's settings beyond tiny-roberta-bpe's, against the tokenizers library:
/// add_prefix_space, use_regex false, trim_offsets false, the ByteLevel post-processor,
/// ignore_merges, legacy merges, dropout 1, end_of_word_suffix, continuing_subword_prefix,
/// fuse_unk, byte_fallback, and the Split/Whitespace/Punctuation/Digits pre-tokenizers with every
/// behaviour (made by `Tests/Fixtures/generators/make_bpe_variants.py`).
@Suite struct BPEVariantReferenceTests {
    static let folder = Fixtures.root.appendingPathComponent("reference/bpe-variants")

    struct Manifest: Decodable {
        struct Variant: Decodable {
            let name: String
            let parts: String
            let texts: String
            let tokenizer: String
        }
        let max_length: Int
        let variants: [Variant]
    }

    struct Row: Decodable {
        let variant: String
        let text: String
        let ids: [Int32]
        let offsets: [[Int]]
    }

    /// The variant's tokenizer.json: its text with the "@VOCAB@" and "@MERGES@" strings
    /// replaced, byte for byte, by the shared parts.
    static func tokenizerJSON(_ variant: Manifest.Variant) throws -> [UInt8] {
        var bytes = Array(variant.tokenizer.utf8)
        for (placeholder, suffix) in [("\"@VOCAB@\"", ".vocab.json"), ("\"@MERGES@\"", ".merges.json")] {
            let part = try Data(contentsOf: folder.appendingPathComponent("parts/\(variant.parts)\(suffix)"))
            let needle = Array(placeholder.utf8)
            let start = try #require(bytes.indices.first { bytes[$0...].starts(with: needle) }, "\(variant.name): no \(placeholder)")
            bytes.replaceSubrange(start..<(start + needle.count), with: [UInt8](part))
        }
        return bytes
    }

    @Test func variantsMatchReference() throws {
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: Self.folder.appendingPathComponent("variants.json")))
        #expect(manifest.variants.count >= 40)
        let rows = Dictionary(grouping: try readJSONLines(Self.folder.appendingPathComponent("references.jsonl"), as: Row.self), by: \.variant)
        var failedVariants: [String] = []
        for variant in manifest.variants {
            let directory = try TemporaryDirectory()
            _ = try directory.write("tokenizer.json", bytes: try Self.tokenizerJSON(variant))
            let tokenizer = try PublicTokenizer.load(directory: directory.url)
            let variantRows = rows[variant.name] ?? []
            #expect(variantRows.count >= 100, "\(variant.name) has \(variantRows.count) reference rows")
            var mismatches = 0
            for row in variantRows {
                let tokens = tokenizer.tokenize(row.text, maxLength: manifest.max_length).tokens
                let ids = tokens.map(\.id)
                let offsets = tokens.map { [$0.start, $0.end] }
                guard ids != row.ids || offsets != row.offsets else { continue }
                mismatches += 1
                if mismatches <= 3 {
                    let first = zip(zip(ids, offsets), zip(row.ids, row.offsets)).enumerated()
                        .first { $0.element.0.0 != $0.element.1.0 || $0.element.0.1 != $0.element.1.1 }?.offset ?? min(ids.count, row.ids.count)
                    Issue.record("\(variant.name): \(row.text.debugDescription.prefix(80)) differs at token \(first): got \(Array(zip(ids, offsets).dropFirst(first).prefix(3))), expected \(Array(zip(row.ids, row.offsets).dropFirst(first).prefix(3))) (\(ids.count) vs \(row.ids.count) tokens)")
                }
            }
            if mismatches > 0 { failedVariants.append("\(variant.name) (\(mismatches) texts)") }
        }
        #expect(failedVariants.isEmpty, "variants that differ: \(failedVariants.joined(separator: ", "))")
    }
}

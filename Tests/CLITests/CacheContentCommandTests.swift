import Foundation
import Testing
import TestSupport
import VectorCache

/// What the binary stores and how it keys it: every model file in the fingerprint, texts
/// byte for byte, no NaN or infinity in the cache.
struct CacheContentCommandTests {
    @Test func aVocabularySwapInTokenizerJSONReencodesAndCacheInfoShowsTheFileHashes() throws {
        let sandbox = try CacheSandbox()
        let model = try sandbox.directory.copy(Fixtures.tinyModel, as: "model")
        let file = try sandbox.write(lines: corpusLines(6), to: "corpus.txt")
        let first = try sandbox.run(["index", "--corpus", "before", file.path, "--model", model.path, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")

        let tokenizer = model.appendingPathComponent("tokenizer.json")
        let text = try String(contentsOf: tokenizer, encoding: .utf8)
        let swapped = text.replacingOccurrences(of: "\"[unused0]\": 1,\n      \"[unused1]\": 2,",
                                                with: "\"[unused0]\": 2,\n      \"[unused1]\": 1,")
        try #require(swapped != text)
        try Data(swapped.utf8).write(to: tokenizer)
        let second = try sandbox.run(["index", "--corpus", "after", file.path, "--model", model.path, "--quiet"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(count(before: "encoded", in: second.stdout) == 6)

        let info = try sandbox.run(["cache", "info", "after"])
        #expect(info.stdout.contains("  file tokenizer.json: "))
        #expect(info.stdout.contains("  file 1_Pooling/config.json: "))
        #expect(info.stdout.contains("  fingerprint_version: 2"))
    }

    @Test func anF16OverflowIsOneClearErrorAndStoresNothing() throws {
        let sandbox = try CacheSandbox()
        let model = try sandbox.directory.copy(Fixtures.tinyModel, as: "loud")
        let weights = model.appendingPathComponent("model.safetensors")
        for index in 0..<32 {
            try SafeTensorsEditing.setFloat(weights, tensor: "encoder.layer.1.output.LayerNorm.weight", index: index, to: 1e6)
        }
        let file = try sandbox.write(lines: ["a loud first line", "a second line"], to: "corpus.txt")
        let result = try sandbox.run(["index", "--corpus", "half", file.path, "--model", model.path, "--precision", "f16", "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("\"a loud first line\" does not fit f16"), "\(result.stderr)")
        let store = try sandbox.store()
        #expect(try store.requireCorpus(named: "half").itemCount == 0)
        #expect(try store.items(of: store.requireCorpus(named: "half"), at: [0, 1]).isEmpty)
        // f32 holds these values exactly.
        let full = try sandbox.run(["index", "--corpus", "full", file.path, "--model", model.path, "--quiet"])
        #expect(full.status == 0, "\(full.stderr)")
    }

    @Test func aTextWithNulsIndexesVerifiesAndComesBackWhole() throws {
        let sandbox = try CacheSandbox()
        let file = try sandbox.directory.write("nul.txt", bytes: Array("left\u{0}right\n\u{0}\nplain\n".utf8))
        #expect(try sandbox.index("nul", [file]).status == 0)
        let verify = try sandbox.run(["cache", "verify"])
        #expect(verify.status == 0, "\(verify.stdout)")
        let search = try sandbox.run(["search", "--corpus", "nul", "--model", sandbox.model, "--format", "jsonl", "-k", "3", "left"])
        #expect(search.stdout.contains(#""text":"left\u0000right""#), "\(search.stdout)")
        #expect(search.stdout.contains(#""text":"\u0000""#))
    }
}

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

    /// Corpus, model and source names come from the user or the cache file: every
    /// human-readable output shows their escapes, never sends them (index, cache list, info
    /// and remove printed them raw), and `cache list` pads by the shown name. `index` refuses
    /// control characters in a new name, so the name is changed in the file, as a shared or
    /// crafted cache could have it; the model's name is its directory's.
    @Test func namesWithEscapesAreShownVisiblyEverywhere() throws {
        let sandbox = try CacheSandbox()
        let model = sandbox.directory.file("tiny\u{1B}[2J").path
        try FileManager.default.copyItem(atPath: sandbox.model, toPath: model)
        let file = try sandbox.write(lines: ["one", "two"], to: "a\u{1B}]0;t\u{07}.txt")
        let indexed = try sandbox.run(["index", "--corpus", "plain", file.path, "--model", model])
        let sqlite = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/sqlite3"),
                                           [sandbox.cachePath, "UPDATE corpora SET name = 'evil' || char(27) || '[2J' || char(7)"])
        try #require(sqlite.status == 0, "\(sqlite.stderr)")
        let name = "evil\u{1B}[2J\u{07}"
        let outputs = [
            indexed, try sandbox.run(["cache", "list"]), try sandbox.run(["cache", "info", name]),
            try sandbox.run(["cache", "verify"]), try sandbox.run(["cache", "remove", name]),
        ]
        for result in outputs {
            #expect(result.status == 0, "\(result.stderr)")
            let raw = (result.stdout + result.stderr).unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\r" }
            #expect(!raw, "\(result.stdout.debugDescription) \(result.stderr.debugDescription)")
        }
        #expect(outputs[0].stdout.contains("tiny␛[2J"), "\(outputs[0].stdout)")
        #expect(outputs[2].stdout.contains("corpus:      evil␛[2J␇"), "\(outputs[2].stdout)")
        #expect(outputs[2].stdout.contains("a␛]0;t␇.txt"), "\(outputs[2].stdout)")
        #expect(outputs[4].stdout.contains("removed corpus evil␛[2J␇"), "\(outputs[4].stdout)")
        let list = outputs[1].stdout.split(separator: "\n").map(String.init)
        try #require(list.count == 3, "\(list)")
        #expect(list[1].hasPrefix("evil␛[2J␇ ") && list[1].contains("tiny␛[2J"), "\(list)")
        // The items column lines up under the header: padding measured on the visible name.
        #expect(list[0].range(of: "items")?.upperBound.utf16Offset(in: list[0])
                == list[1].range(of: " 2 ")?.lowerBound.utf16Offset(in: list[1]).advanced(by: 2), "\(list)")
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

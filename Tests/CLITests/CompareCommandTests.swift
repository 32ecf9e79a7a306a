import Foundation
import Testing
import TestSupport

/// `semblance compare`: two real models (the tiny fixture model as A, MiniLM as B) on one
/// small corpus; model B not indexed; the overlap against both models' own `search`.
struct CompareCommandTests {
    private static let queries = ["a cat near the water", "someone fixes a clock"]

    /// A 40-line corpus indexed for the tiny model as "days"; MiniLM's corpus not yet made.
    private func sandbox() throws -> CacheSandbox {
        let sandbox = try CacheSandbox()
        let file = try sandbox.write(lines: corpusLines(40), to: "corpus.txt")
        let result = try sandbox.index("days", [file])
        try #require(result.status == 0, "\(result.stderr)")
        return sandbox
    }

    /// Runs the `semblance index …` command line the error suggests.
    private func indexAsSuggested(_ stderr: String, in sandbox: CacheSandbox) throws -> CommandResult {
        let start = try #require(stderr.range(of: "index it with: semblance "), "\(stderr)")
        let end = try #require(stderr.range(of: " (or name another corpus", range: start.upperBound..<stderr.endIndex))
        let words = stderr[start.upperBound..<end.lowerBound].split(separator: " ").map(String.init)
        return try sandbox.run(words + ["--quiet"])
    }

    @Test func modelBNotIndexedSaysTheIndexCommandLineThatThenWorks() throws {
        let sandbox = try sandbox()
        let miniLM = Fixtures.miniLMModel.path
        let missing = try sandbox.run(["compare", "--corpus", "days", "--model", sandbox.model, "--against", miniLM, "cat"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("corpus \"days\" is not indexed for model all-MiniLM-L6-v2"), "\(missing.stderr)")
        #expect(missing.stderr.contains("semblance index --corpus days.all-MiniLM-L6-v2 --model \(miniLM) "), "\(missing.stderr)")
        #expect(missing.stdout.isEmpty)
        let index = try indexAsSuggested(missing.stderr, in: sandbox)
        #expect(index.status == 0, "\(index.stderr)")
        let found = try sandbox.run(["compare", "--corpus", "days", "--model", sandbox.model, "--against", miniLM,
                                     "--format", "json", "-k", "5", "cat"])
        #expect(found.status == 0, "\(found.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(found.stdout.utf8)) as? [String: Any])
        #expect(object["corpus_b"] as? String == "days.all-MiniLM-L6-v2")
        #expect(object["model_a"] as? String == "tiny-bert-mean" && object["model_b"] as? String == "all-MiniLM-L6-v2")
    }

    @Test func overlapAndShiftsEqualTheTwoModelsOwnSearches() throws {
        let sandbox = try sandbox()
        let miniLM = Fixtures.miniLMModel.path
        let file = sandbox.directory.file("corpus.txt").path
        let index = try sandbox.run(["index", "--corpus", "days-minilm", file, "--model", miniLM, "--quiet"])
        try #require(index.status == 0, "\(index.stderr)")
        let result = try sandbox.run(["compare", "--corpus", "days", "--model", sandbox.model, "--against", miniLM,
                                      "--against-corpus", "days-minilm", "--format", "json", "-k", "8"] + Self.queries)
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(objects.count == 2)
        for (query, object) in zip(Self.queries, objects) {
            #expect(object["query"] as? String == query)
            let own = try [("days", sandbox.model), ("days-minilm", miniLM)].map { corpus, model in
                let search = try sandbox.run(["search", "--corpus", corpus, "--model", model, "--format", "json", "-k", "8", query])
                let array = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
                let results = try #require(array.first?["results"] as? [[String: Any]])
                return results.compactMap { $0["position"] as? Int }
            }
            let a = try #require(object["a"] as? [[String: Any]]), b = try #require(object["b"] as? [[String: Any]])
            #expect(a.compactMap { $0["position"] as? Int } == own[0])
            #expect(b.compactMap { $0["position"] as? Int } == own[1])
            let shared = own[0].filter(own[1].contains)
            #expect(object["overlap"] as? Int == shared.count)
            // Each shift is the item's rank under A minus its rank under B, from the searches.
            for entry in b {
                let position = try #require(entry["position"] as? Int)
                let rankB = try #require(own[1].firstIndex(of: position)) + 1
                let rankA = own[0].firstIndex(of: position).map { $0 + 1 }
                #expect(entry["other_rank"] as? Int == rankA)
                #expect(entry["shift"] as? Int == rankA.map { $0 - rankB })
            }
            if shared.count < 2 { #expect(object["spearman"] is NSNull) } else { #expect(object["spearman"] is Double) }
        }
        let table = try sandbox.run(["compare", "--corpus", "days", "--model", sandbox.model, "--against", miniLM,
                                     "--against-corpus", "days-minilm", "-k", "3", Self.queries[0]])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 5, "\(table.stdout)")
        #expect(lines.first?.hasPrefix("a cat near the water  (overlap ") == true)
        #expect(lines[1].contains("A: tiny-bert-mean (days)") && lines[1].contains("B: all-MiniLM-L6-v2 (days-minilm)"))
    }

    @Test func corporaOfDifferentItemsAreRefused() throws {
        let sandbox = try sandbox()
        let other = try sandbox.write(lines: corpusLines(10, from: 100), to: "other.txt")
        let index = try sandbox.run(["index", "--corpus", "other", other.path, "--model", Fixtures.miniLMModel.path, "--quiet"])
        try #require(index.status == 0, "\(index.stderr)")
        let result = try sandbox.run(["compare", "--corpus", "days", "--model", sandbox.model, "--against",
                                      Fixtures.miniLMModel.path, "--against-corpus", "other", "x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("corpora \"days\" (40 items") && result.stderr.contains("do not hold the same items"),
                "\(result.stderr)")
        // Model B's corpus named but built by model A: the mismatch names the model.
        let wrong = try sandbox.run(["compare", "--corpus", "days", "--model", sandbox.model, "--against",
                                     Fixtures.miniLMModel.path, "--against-corpus", "days", "x"])
        #expect(wrong.status != 0 && wrong.stderr.contains("built with model tiny-bert-mean"), "\(wrong.stderr)")
    }
}

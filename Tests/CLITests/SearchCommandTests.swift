import Foundation
import Testing
import TestSupport

/// `semblance search`: formats, k, unknown corpora and the wrong model.
struct SearchCommandTests {
    private func indexedSandbox() throws -> CacheSandbox {
        let sandbox = try CacheSandbox()
        let file = try sandbox.write(lines: corpusLines(30), to: "corpus.txt")
        let result = try sandbox.index("days", [file])
        try #require(result.status == 0, "\(result.stderr)")
        return sandbox
    }

    @Test func anIndexedTextFindsItselfFirst() throws {
        let sandbox = try indexedSandbox()
        let query = corpusLines(30)[17]
        let result = try sandbox.run(["search", "--corpus", "days", "--model", sandbox.model, "--format", "jsonl", "-k", "3", query])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["rank"] as? Int == 1)
        #expect(first["text"] as? String == query)
        #expect(abs((first["score"] as? Double ?? 0) - 1) < 1e-5)
        #expect(first.keys.sorted() == ["id", "percentile", "rank", "score", "text"])
    }

    @Test func severalQueriesAddTheQueryAndKBeyondTheCorpusReturnsAll() throws {
        let sandbox = try indexedSandbox()
        let result = try sandbox.run(["search", "--corpus", "days", "--model", sandbox.model, "--format", "jsonl",
                                      "-k", "100", "first query", "second query"])
        let objects = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 60)
        #expect(objects.filter { $0["query"] as? String == "second query" }.count == 30)
        let scores = objects.prefix(30).compactMap { $0["score"] as? Double }
        #expect(scores == scores.sorted(by: >))
    }

    @Test func unknownCorpusNamesTheKnownOnes() throws {
        let sandbox = try indexedSandbox()
        let result = try sandbox.run(["search", "--corpus", "dayz", "--model", sandbox.model, "x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no corpus named \"dayz\"") && result.stderr.contains("days"))
    }

    @Test func wrongModelSaysWhichModelBuiltTheCorpus() throws {
        let sandbox = try indexedSandbox()
        let result = try sandbox.run(["search", "--corpus", "days", "--model", Fixtures.miniLMModel.path, "x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("built with model tiny-bert-mean"), "\(result.stderr)")
        let index = try sandbox.run(["index", "--corpus", "days", sandbox.directory.file("corpus.txt").path,
                                     "--model", Fixtures.miniLMModel.path, "--quiet"])
        #expect(index.status != 0)
        #expect(index.stderr.contains("built with model tiny-bert-mean"))
    }

    @Test func cacheCommandsDescribeTheCorpus() throws {
        let sandbox = try indexedSandbox()
        let list = try sandbox.run(["cache", "list"])
        #expect(list.stdout.contains("days") && list.stdout.contains("tiny-bert-mean"))
        let info = try sandbox.run(["cache", "info", "days"])
        #expect(info.stdout.contains("items:       30"))
        let verify = try sandbox.run(["cache", "verify"])
        #expect(verify.status == 0 && verify.stdout.contains("30 items: ok"))
        let remove = try sandbox.run(["cache", "remove", "days"])
        #expect(remove.status == 0)
        #expect(try sandbox.run(["cache", "info", "days"]).status != 0)
    }
}

import Foundation
import Testing
import TestSupport

struct ExplainCommandTests {
    /// Both sentences are in all-MiniLM-L6-v2's reference embeddings.
    static let first = "A man is slicing a vegetable.", second = "A person is chopping an herb."

    private func explainJSON(_ extra: [String], model: URL = Fixtures.miniLMModel,
                             texts: (String, String) = (first, second)) throws -> [String: Any] {
        let result = try CommandRunner.semblance(
            ["explain", texts.0, texts.1, "--model", model.path, "--format", "json"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
    }

    @Test func jsonCarriesSharesThatSumToTheCosine() throws {
        let json = try explainJSON(["--pairs", "--ablate"])
        let cosine = try #require(json["cosine"] as? Double)
        // The cosine the shares must sum to is sentence-transformers', not the library's own.
        let expected = try #require(try ReferenceCosines(directory: Fixtures.miniLMReference).cosine(Self.first, Self.second))
        #expect(abs(cosine - expected) <= 1e-4, "\(cosine) vs the reference \(expected)")
        #expect(json["pooling"] as? String == "mean")
        for key in ["a", "b"] {
            let side = try #require(json[key] as? [String: Any])
            let tokens = try #require(side["tokens"] as? [[String: Any]])
            let words = try #require(side["words"] as? [[String: Any]])
            let shares = tokens.compactMap { $0["share"] as? Double }
            let selfShares = tokens.compactMap { $0["self_share"] as? Double }
            #expect(shares.count == tokens.count && selfShares.count == tokens.count)
            #expect(abs(shares.reduce(0, +) - cosine) <= 1e-5)
            #expect(abs(selfShares.reduce(0, +) - 1) <= 1e-5)
            #expect(abs(words.compactMap { $0["share"] as? Double }.reduce(0, +) - cosine) <= 1e-5)
            #expect(tokens.first?["token"] as? String == "[CLS]" && tokens.last?["token"] as? String == "[SEP]")
        }
        let pairs = try #require(json["pairs"] as? [[Double]])
        #expect(abs(pairs.joined().reduce(0, +) - cosine) <= 1e-5)
        let ablation = try #require(json["ablation"] as? [[String: Any]])
        #expect(ablation.map { $0["word"] as? String } == ["A", "man", "is", "slicing", "a", "vegetable."])
        #expect(ablation.allSatisfy { ($0["delta"] as? Double).map { $0.isFinite && $0 != 0 } ?? false })
    }

    @Test func tableShowsEveryWordAndTheSum() throws {
        let result = try CommandRunner.semblance(
            ["explain", "The cat sat.", "A dog ran.", "--model", Fixtures.miniLMModel.path, "--no-color"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.first)
        let cosine = try #require(Double(header.split(separator: " ")[1]))
        #expect(lines.contains { $0.hasPrefix("cat ") })
        let sums = lines.filter { $0.hasPrefix("sum") }.compactMap { Double($0.split(separator: " ").last ?? "") }
        #expect(sums.count == 2 && sums.allSatisfy { abs($0 - cosine) < 1e-3 })
    }

    @Test func clsPoolingSaysEverythingBelongsToCLS() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        try temp.write("model/1_Pooling/config.json", "{\"embedding_dimension\": 32, \"pooling_mode\": \"cls\"}")
        let texts = ("This is an example sentence", "Each sentence is converted")
        let json = try explainJSON([], model: model, texts: texts)
        #expect((json["note"] as? String)?.contains("belongs to [CLS]") == true)
        let tokens = try #require((json["a"] as? [String: Any])?["tokens"] as? [[String: Any]])
        // Every token of the sentence must be there (a lone [CLS] would pass the zeros below).
        let reference = try readJSONLines(Fixtures.tinyReference.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
        let expectedTokens = try #require(reference.first { $0.text == texts.0 }).tokens
        #expect(tokens.compactMap { $0["token"] as? String } == expectedTokens)
        #expect(tokens.dropFirst().allSatisfy { $0["share"] as? Double == 0 })
        let cosine = try #require(json["cosine"] as? Double)
        let clsShare = try #require(tokens.first?["share"] as? Double)
        #expect(abs(clsShare - cosine) <= 1e-6)
    }
}

import Foundation
import Testing
import TestSupport
import VectorCache

/// `semblance inspect`, search percentiles and `--centre`, on the tiny fixture model.
struct InspectCommandTests {
    private func indexedSandbox(_ lines: [String] = corpusLines(30), corpus: String = "days") throws -> CacheSandbox {
        let sandbox = try CacheSandbox()
        let file = try sandbox.write(lines: lines, to: "corpus.txt")
        let result = try sandbox.index(corpus, [file])
        try #require(result.status == 0, "\(result.stderr)")
        return sandbox
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The pair cosines of the stored vectors, computed here independently of the library.
    private func pairCosines(_ sandbox: CacheSandbox, corpus: String = "days") throws -> [Double] {
        let store = try sandbox.store()
        let matrix = try store.loadMatrix(of: store.requireCorpus(named: corpus))
        let rows = (0 ..< matrix.rows).compactMap { matrix.row($0) }
        var cosines: [Double] = []
        for i in rows.indices { for j in rows.indices where j > i { cosines.append(referenceCosine(rows[i], rows[j])) } }
        return cosines
    }

    @Test func jsonHasTheIssuesKeysAndTheCorpusFigures() throws {
        let sandbox = try indexedSandbox()
        let result = try sandbox.run(["inspect", "--corpus", "days", "--model", sandbox.model, "--format", "json", "-k", "5"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        for key in ["items", "dimension", "mean_cosine", "cosine_percentiles", "hubness", "pca", "nearest_pairs"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["items"] as? Int == 30 && object["dimension"] as? Int == 32)
        let cosines = try pairCosines(sandbox)
        let mean = cosines.reduce(0, +) / Double(cosines.count)
        #expect(abs((object["mean_cosine"] as? Double ?? .nan) - mean) < 1e-4)
        let percentiles = try #require(object["cosine_percentiles"] as? [String: Double])
        #expect(percentiles.keys.sorted() == ["1", "25", "5", "50", "75", "95", "99"])
        let sorted = cosines.sorted()
        let median = (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2  // 435 pairs: the 218th
        #expect(abs((percentiles["50"] ?? .nan) - sorted[217]) < 2e-3, "median \(percentiles["50"] ?? .nan) vs \(median)")
        let hubness = try #require(object["hubness"] as? [String: Any])
        #expect(hubness["k"] as? Int == 5)
        let top = try #require(hubness["top"] as? [[String: Any]])
        #expect(top.count == 10 && top.allSatisfy { ($0["text"] as? String).map { corpusLines(30).contains($0) } ?? false })
        let counts = top.compactMap { $0["count"] as? Int }
        #expect(counts == counts.sorted(by: >))
        #expect(hubness["skewness"] is Double && hubness["antihubs"] is Int)
        let ratios = try #require((object["pca"] as? [String: Any])?["explained_variance_ratio"] as? [Double])
        #expect(ratios.count == 10 && ratios == ratios.sorted(by: >) && ratios.reduce(0, +) <= 1 + 1e-9)
        let pairs = try #require(object["nearest_pairs"] as? [[String: Any]])
        #expect(pairs.count == 10)
        #expect(abs((pairs.first?["score"] as? Double ?? .nan) - (sorted.last ?? .nan)) < 1e-5)
    }

    @Test func theTableExplainsEachFigure() throws {
        let sandbox = try indexedSandbox()
        let result = try sandbox.run(["inspect", "--corpus", "days", "--model", sandbox.model])
        #expect(result.status == 0, "\(result.stderr)")
        for phrase in ["all 435 distinct pairs", "mean cosine", "on average", "percentiles", "after centring", "skewness",
                       "antihubs", "top hubs", "explained variance", "Nearest pairs"] {
            #expect(result.stdout.contains(phrase), "no \"\(phrase)\" in\n\(result.stdout)")
        }
        #expect(!result.stdout.lowercased().contains("nan"))
    }

    @Test func kLargerThanTheCorpusIsRefusedClearly() throws {
        let sandbox = try indexedSandbox()
        let result = try sandbox.run(["inspect", "--corpus", "days", "--model", sandbox.model, "-k", "30"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("-k 30 is too large for corpus \"days\": it has 30 items"), "\(result.stderr)")
    }

    @Test func aOneItemCorpusHasNoPairsAndNoNaN() throws {
        let sandbox = try indexedSandbox(["just one line"], corpus: "one")
        let table = try sandbox.run(["inspect", "--corpus", "one", "--model", sandbox.model])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("No pairs to score: the corpus has 1 item"))
        let object = try sandbox.run(["inspect", "--corpus", "one", "--model", sandbox.model, "--format", "json"])
        #expect(object.status == 0 && !object.stdout.lowercased().contains("nan"))
        let parsed = try json(object.stdout)
        #expect(parsed["mean_cosine"] is NSNull && parsed["hubness"] is NSNull)
        let search = try sandbox.run(["search", "--corpus", "one", "--model", sandbox.model, "--format", "jsonl", "x"])
        #expect(search.status == 0 && search.stdout.contains("\"percentile\":null"), "\(search.stdout)")
    }

    @Test func duplicateItemsAreTheNearestPairs() throws {
        let lines = corpusLines(12) + ["the same words again", "the same words again"]
        let sandbox = try indexedSandbox(lines)
        let result = try sandbox.run(["inspect", "--corpus", "days", "--model", sandbox.model, "--format", "json", "-k", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        let first = try #require((try json(result.stdout)["nearest_pairs"] as? [[String: Any]])?.first)
        #expect(abs((first["score"] as? Double ?? 0) - 1) < 1e-5)
        #expect(first["texts"] as? [String] == ["the same words again", "the same words again"])
    }

    @Test func unknownCorpusIsNamed() throws {
        let sandbox = try indexedSandbox()
        let result = try sandbox.run(["inspect", "--corpus", "dayz", "--model", sandbox.model])
        #expect(result.status != 0 && result.stderr.contains("no corpus named \"dayz\""))
    }

    @Test func indexStoresTheStatisticsAndReindexingReplacesThem() throws {
        let sandbox = try indexedSandbox()
        let store = try sandbox.store()
        #expect(try store.statistics(of: store.requireCorpus(named: "days"), kind: "space-v2") != nil)
        let file = try sandbox.write(lines: corpusLines(20), to: "fewer.txt")
        #expect(try sandbox.index("days", [file]).status == 0)
        let inspected = try json(try sandbox.run(["inspect", "--corpus", "days", "--model", sandbox.model, "--format", "json"]).stdout)
        #expect(inspected["items"] as? Int == 20)
        #expect((inspected["pairs"] as? [String: Any])?["total"] as? Int == 190)
    }

    @Test func searchGivesEachScoresPercentileAmongThePairs() throws {
        let sandbox = try indexedSandbox()
        let query = corpusLines(30)[4]
        let result = try sandbox.run(["search", "--corpus", "days", "--model", sandbox.model, "--format", "jsonl", "-k", "30", query])
        #expect(result.status == 0, "\(result.stderr)")
        let hits = try result.stdout.split(separator: "\n").map { try json(String($0)) }
        let cosines = try pairCosines(sandbox)
        for hit in hits {
            let score = try #require(hit["score"] as? Double), percentile = try #require(hit["percentile"] as? Double)
            let expected = 100 * Double(cosines.filter { $0 < score }.count) / Double(cosines.count)
            // Scores within a float's rounding of a pair's cosine may count either way.
            let slack = 100 * Double(cosines.filter { abs($0 - score) < 1e-6 }.count) / Double(cosines.count)
            #expect(abs(percentile - expected) <= 0.1 + slack, "score \(score): \(percentile) vs \(expected)")
        }
        let table = try sandbox.run(["search", "--corpus", "days", "--model", sandbox.model, "-k", "3", query])
        #expect(table.stdout.contains("ranked among all 435 pairs") && table.stdout.contains("top "), "\(table.stdout)")
    }

    @Test func centringChangesScoresAndSaysSo() throws {
        let sandbox = try indexedSandbox()
        let query = corpusLines(30)[4]
        let plain = try sandbox.run(["search", "--corpus", "days", "--model", sandbox.model, "--format", "jsonl", "-k", "5", query])
        let centred = try sandbox.run(["search", "--corpus", "days", "--model", sandbox.model, "--format", "jsonl", "-k", "5",
                                       "--centre", query])
        #expect(plain.status == 0 && centred.status == 0, "\(centred.stderr)")
        let plainHits = try plain.stdout.split(separator: "\n").map { try json(String($0)) }
        let centredHits = try centred.stdout.split(separator: "\n").map { try json(String($0)) }
        // The query is an item: it is still its own nearest, at 1, after centring.
        #expect(centredHits.first?["text"] as? String == query)
        #expect(abs((centredHits.first?["score"] as? Double ?? 0) - 1) < 1e-4)
        #expect(plainHits.dropFirst().map { $0["score"] as? Double } != centredHits.dropFirst().map { $0["score"] as? Double })
        let table = try sandbox.run(["search", "--corpus", "days", "--model", sandbox.model, "--centre", "-k", "2", query])
        #expect(table.stdout.contains("centred"))

        let matrix = try sandbox.run(["similarity", "--model", sandbox.model, "--centre", "--corpus", "days", "--format", "json",
                                      corpusLines(30)[1], corpusLines(30)[2]])
        #expect(matrix.status == 0, "\(matrix.stderr)")
        let uncentred = try sandbox.run(["similarity", "--model", sandbox.model, "--format", "json", corpusLines(30)[1], corpusLines(30)[2]])
        let centredCell = ((try json(matrix.stdout)["matrix"] as? [[Double]])?[0][1]) ?? .nan
        let plainCell = ((try json(uncentred.stdout)["matrix"] as? [[Double]])?[0][1]) ?? .nan
        #expect(centredCell.isFinite && abs(centredCell - plainCell) > 1e-4)
    }

    @Test func centringWithoutACorpusSaysWhatItNeeds() throws {
        let sandbox = try indexedSandbox()
        let result = try sandbox.run(["similarity", "--model", sandbox.model, "--centre", "a", "b"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--centre needs --corpus NAME"), "\(result.stderr)")
    }
}

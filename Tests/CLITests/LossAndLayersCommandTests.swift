import Foundation
import Testing
import TestSupport

/// `semblance loss` against numpy's MNRL on sentence-transformers' reference embeddings, and
/// `semblance layers` against transformers' hidden states
/// (Tests/Fixtures/generators/mnrl_reference.py, layer_walk_reference.py).
struct LossAndLayersCommandTests {
    static let mnrl = Fixtures.root.appendingPathComponent("reference/mnrl")
    static let tinyBert = Fixtures.tinyModel.path

    private func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CommandRunner.semblance(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
    }

    private func reference(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: Self.mnrl.appendingPathComponent("\(name).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every row of `output` against the numpy batches (hardest negatives as pair indices).
    private func expectRowsMatch(_ output: [String: Any], _ reference: [String: Any]) throws {
        let batches = try #require(reference["batches"] as? [[String: Any]])
        let expected = try batches.flatMap { batch -> [([String: Any], Int)] in
            let first = try #require(batch["first_pair"] as? Int)
            return try #require(batch["rows"] as? [[String: Any]]).map { ($0, first) }
        }
        let rows = try #require(output["rows"] as? [[String: Any]])
        #expect(rows.count == expected.count)
        for (row, (theirs, first)) in zip(rows, expected) {
            for key in ["loss", "p_positive"] {
                let mine = try #require(row[key] as? Double), numpy = try #require(theirs[key] as? Double)
                #expect(abs(mine - numpy) < 1e-4, "\(key): \(mine) vs numpy \(numpy)")
            }
            #expect(row["hardest_negative"] as? Int == (theirs["hardest_negative"] as? Int).map { $0 + first })
            let scores = try #require(row["scores"] as? [Double]), numpy = try #require(theirs["scores"] as? [Double])
            #expect(scores.count == numpy.count)
            for (a, b) in zip(scores, numpy) { #expect(abs(a - b) < 1e-3, "scaled score \(a) vs \(b)") }
        }
    }

    @Test func miniLMPairsMatchNumpy() throws {
        let output = try json(["loss", "--pairs", Self.mnrl.appendingPathComponent("minilm-pairs.tsv").path])
        let reference = try reference("minilm-pairs")
        let loss = try #require(output["loss"] as? Double)
        let expected = try #require((reference["batches"] as? [[String: Any]])?.first?["loss"] as? Double)
        #expect(abs(loss - expected) < 1e-4, "loss \(loss) vs numpy \(expected)")
        #expect(output["scale"] as? Double == 20)
        try expectRowsMatch(output, reference)
        let rows = try #require(output["rows"] as? [[String: Any]])
        #expect(rows.first?["anchor"] as? String == "A man is cleaning a cd.")
    }

    /// 34 pairs: a batch of 32 and one of 2, each its own softmax.
    @Test func moreThanThirtyTwoPairsAreCutIntoTrainingBatches() throws {
        let output = try json(["loss", "--pairs", Self.mnrl.appendingPathComponent("tiny-pairs.tsv").path, "--model", Self.tinyBert])
        let reference = try reference("tiny-pairs")
        let batches = try #require(output["batches"] as? [[String: Any]])
        #expect(batches.map { $0["pairs"] as? Int } == [32, 2])
        #expect(batches.map { $0["first_pair"] as? Int } == [0, 32])
        let numpy = try #require(reference["batches"] as? [[String: Any]]).compactMap { $0["loss"] as? Double }
        for (batch, expected) in zip(batches, numpy) {
            let loss = try #require(batch["loss"] as? Double)
            #expect(abs(loss - expected) < 1e-4)
        }
        #expect(abs((output["loss"] as? Double ?? .nan) - numpy.reduce(0, +) / 2) < 1e-4)
        try expectRowsMatch(output, reference)
        let table = try CommandRunner.semblance(["loss", "--pairs", Self.mnrl.appendingPathComponent("tiny-pairs.tsv").path, "--model", Self.tinyBert])
        #expect(table.stdout.contains("2 batches of up to 32 pairs"))
        #expect(table.stdout.contains("batch 2 (pairs 33–34)"))
    }

    @Test func jsonLinesCsvHeaderAndScale() throws {
        let directory = try TemporaryDirectory()
        let jsonl = try directory.write("pairs.jsonl", """
            {"anchor": "A cat sits.", "positive": "A kitten rests."}
            {"anchor": "Stocks fell.", "positive": "Markets dropped."}

            """)
        let csv = try directory.write("pairs.csv", "anchor,positive\n\"A cat sits.\",A kitten rests.\nStocks fell.,Markets dropped.\n")
        let fromJSONL = try json(["loss", "--pairs", jsonl.path, "--model", Self.tinyBert, "--scale", "5"])
        let fromCSV = try json(["loss", "--pairs", csv.path, "--model", Self.tinyBert, "--scale", "5"])
        #expect(fromJSONL["scale"] as? Double == 5)
        #expect((fromJSONL["loss"] as? Double) == (fromCSV["loss"] as? Double))
        #expect((fromCSV["rows"] as? [[String: Any]])?.count == 2)
    }

    @Test func onePairIsTrivial() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("one.tsv", "A cat sits.\tA kitten rests.\n")
        let output = try json(["loss", "--pairs", file.path, "--model", Self.tinyBert])
        #expect(output["loss"] as? Double == 0)
        let row = try #require((output["rows"] as? [[String: Any]])?.first)
        #expect(row["hardest_negative"] is NSNull)
        #expect(row["p_positive"] as? Double == 1)
        let table = try CommandRunner.semblance(["loss", "--pairs", file.path, "--model", Self.tinyBert])
        #expect(table.status == 0)
        #expect(table.stdout.contains("trivial"))
    }

    @Test func badPairFilesNameTheLine() throws {
        let directory = try TemporaryDirectory()
        let cases: [(String, String, String)] = [
            ("empty-side.tsv", "A cat sits.\tA kitten rests.\nStocks fell.\t \n", "empty-side.tsv:2: the positive is empty"),
            ("three.csv", "a,b\nc,d,e\n", "three.csv:2: expected 2 fields (anchor, positive), found 3"),
            ("missing.jsonl", "{\"anchor\": \"x\", \"positive\": \"y\"}\n{\"anchor\": \"x\"}\n", "missing.jsonl:2: no field \"positive\""),
            ("blank.csv", "\n\n", "blank.csv: no texts to read"),
        ]
        for (name, contents, message) in cases {
            let file = try directory.write(name, contents)
            let result = try CommandRunner.semblance(["loss", "--pairs", file.path, "--model", Self.tinyBert])
            #expect(result.status != 0, "\(name)")
            #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let missing = try CommandRunner.semblance(["loss", "--pairs", directory.file("nope.csv").path, "--model", Self.tinyBert])
        #expect(missing.status != 0 && missing.stderr.contains("nope.csv: no such file"))
        let scale = try CommandRunner.semblance(["loss", "--pairs", directory.file("x.csv").path, "--scale", "0"])
        #expect(scale.status != 0 && scale.stderr.contains("--scale must be a positive number"))
    }

    @Test func layersMatchTransformersHiddenStates() throws {
        let url = Fixtures.root.appendingPathComponent("reference/layers/tiny-mpnet.json")
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let pair = try #require((reference["pairs"] as? [[String: Any]])?.first)
        let a = try #require(pair["a"] as? String), b = try #require(pair["b"] as? String)
        let model = Fixtures.root.appendingPathComponent("models/tiny-mpnet").path
        let output = try json(["layers", a, b, "--model", model, "--layer", "1"])
        let layers = try #require(output["layers"] as? [[String: Any]])
        let expected = try #require(pair["layers"] as? [[String: Any]])
        #expect(layers.map { $0["layer"] as? Int } == [0, 1, 2])
        for (mine, theirs) in zip(layers, expected) {
            for key in ["cosine", "norm_a", "norm_b"] {
                let value = try #require(mine[key] as? Double), numpy = try #require(theirs[key] as? Double)
                #expect(abs(value - numpy) < 1e-4, "\(key): \(value) vs \(numpy)")
            }
        }
        #expect(output["share_layer"] as? Int == 1)
        let shares = try #require(output["tokens_a"] as? [[String: Any]]).compactMap { $0["share"] as? Double }
        let numpyShares = try #require(pair["shares_a"] as? [Double])
        #expect(shares.count == numpyShares.count)
        for (x, y) in zip(shares, numpyShares) { #expect(abs(x - y) < 1e-4) }
    }

    @Test func layersTableAndBadLayer() throws {
        let table = try CommandRunner.semblance(["layers", "A cat sits.", "A kitten rests.", "--model", Self.tinyBert])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("0 emb"))
        #expect(table.stdout.contains("token shares of the layer-2 cosine"))
        let bad = try CommandRunner.semblance(["layers", "A cat sits.", "A kitten rests.", "--model", Self.tinyBert, "--layer", "9"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("has layers 0 (embeddings) to 2; there is no layer 9"))
    }
}

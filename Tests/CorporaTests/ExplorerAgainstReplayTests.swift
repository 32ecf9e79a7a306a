import Corpora
import Embedding
import ExplorerUI
import Foundation
import TestSupport
import Testing

/// `explore --against B` and `e` / `--replay` on the real engine: the tiny BERT as model A,
/// the tiny MPNet as model B, a small corpus of reference sentences.
@Suite struct ExplorerAgainstReplayTests {
    private static let modelB = Result { try SentenceTransformer(modelDirectory: Fixtures.root.appendingPathComponent("models/tiny-mpnet")) }

    private func engine(for corpus: ReferenceCorpus) throws -> ExplorerCorpusEngine {
        let second = try Self.modelB.get()
        let b = ExplorerCorpusEngine(model: second, cachePath: corpus.cachePath,
                                     bundledCorpora: [ModelComparison.suggestedName(for: "bundled", model: second.name): corpus.file])
        return ExplorerCorpusEngine(model: try ReferenceCorpus.model(), cachePath: corpus.cachePath,
                                    bundledCorpora: ["bundled": corpus.file], against: b)
    }

    @Test func secondModelNeighboursAndVectorsAreItsOwn() throws {
        let corpus = try ReferenceCorpus(count: 12)
        let engine = try engine(for: corpus)
        _ = try engine.openCorpus(named: "bundled", progress: { _ in })
        let pin = corpus.texts[3]
        let report = try #require(engine.secondModel(for: "A man is playing a guitar.", k: 5, pins: [7: pin]))
        #expect(report.error == nil)
        #expect(report.modelName == "tiny-mpnet")
        // Model B's own engine over its own corpus of the same items gives the same neighbours.
        let second = try #require(engine.against)
        let input = try #require(try second.model.encode(["A man is playing a guitar."]).first)
        #expect(report.inputVector == input)
        #expect(report.pinVectors[7] == (try second.model.encode([pin]).first))
        let own = try second.neighbours(of: input, k: 5)
        #expect(report.neighbours == own)
        #expect(own.count == 5)
        // Brute force over B's vectors of the corpus: the same top 5.
        let vectors = try second.model.encode(corpus.texts)
        let expected = zip(corpus.texts, vectors).map { ($0, referenceCosine(input, $1)) }.sorted { $0.1 > $1.1 }.prefix(5)
        #expect(own.map(\.text) == expected.map(\.0))
    }

    @Test func aCorpusModelBHasNotIndexedSaysTheIndexCommand() throws {
        let corpus = try ReferenceCorpus(count: 6)
        try corpus.index(as: "mine", model: ReferenceCorpus.model())
        let engine = try engine(for: corpus)
        _ = try engine.openCorpus(named: "mine", progress: { _ in })
        let report = try #require(engine.secondModel(for: "x", k: 3, pins: [:]))
        let error = try #require(report.error)
        #expect(error.contains("corpus \"mine\" is not indexed for model tiny-mpnet"), "\(error)")
        #expect(error.contains("semblance index --corpus mine.tiny-mpnet --model "), "\(error)")
        #expect(report.neighbours.isEmpty && !report.inputVector.isEmpty)
    }

    /// Types, pins, leaves the input and presses `e`; returns the export's JSON and CSV text.
    private func export(_ session: ExplorerSession<ExplorerCorpusEngine>, into directory: String) throws -> (json: String, csv: String, path: String) {
        #expect(session.waitUntilIdle(timeout: .seconds(60)))
        session.receive(bytes: Array("\t".utf8))  // to the neighbours pane
        session.receive(bytes: Array("e".utf8))
        let message = try #require(session.state.message)
        #expect(!message.isError, "\(message.text)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files.count == 2, "\(files)")
        let json = try #require(files.first { $0.hasSuffix(".json") }), csv = try #require(files.first { $0.hasSuffix(".csv") })
        #expect(message.text == "exported \(json) and .csv in \(directory)")
        return (try String(contentsOfFile: directory + "/" + json, encoding: .utf8),
                try String(contentsOfFile: directory + "/" + csv, encoding: .utf8), directory + "/" + json)
    }

    @Test func replayReproducesTheExportedNumbersExactly() throws {
        let corpus = try ReferenceCorpus(count: 12)
        let first = try TemporaryDirectory("semblance-export-a"), second = try TemporaryDirectory("semblance-export-b")
        var configuration = ExplorerConfiguration(corpusName: "bundled", neighbourCount: 5)
        configuration.exportDirectory = first.url.path
        configuration.modelName = try ReferenceCorpus.model().name
        configuration.secondModelName = "tiny-mpnet"
        let original = ExplorerSession(engine: try engine(for: corpus), configuration: configuration,
                                       size: GridSize(columns: 110, rows: 30))
        original.start()
        #expect(original.waitUntilIdle(timeout: .seconds(60)))
        original.receive(bytes: Array("A woman is dancing.\r".utf8))
        #expect(original.waitUntilIdle(timeout: .seconds(60)))
        original.receive(bytes: Array("Two dogs play in the snow.".utf8))
        let exported = try export(original, into: first.url.path)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(exported.json.utf8)) as? [String: Any])
        #expect((object["neighbours"] as? [Any])?.count == 5 && (object["neighbours_b"] as? [Any])?.count == 5)
        #expect((object["matrix"] as? [String: Any])?["cosines_b"] is [[Double]])

        // A new session (a new engine, as a new run would have) replays the file.
        configuration.exportDirectory = second.url.path
        configuration.replay = try ReplayFile.load(path: exported.path)
        #expect(configuration.replay?.pins == ["A woman is dancing."])
        #expect(configuration.replay?.input == "Two dogs play in the snow.")
        let replayed = ExplorerSession(engine: try engine(for: corpus), configuration: configuration,
                                       size: GridSize(columns: 110, rows: 30))
        replayed.start()
        let again = try export(replayed, into: second.url.path)
        #expect(again.json == exported.json)
        #expect(again.csv == exported.csv)
    }
}

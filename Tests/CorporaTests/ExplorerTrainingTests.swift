import Corpora
import Embedding
import ExplorerUI
import Foundation
import TestSupport
import Testing

/// "Train on pinned pairs" on the real engine with the tiny BERT: the copy learns (the loss
/// falls, each step reported), then encodes the input and the corpus in the model's place;
/// the model's own directory and the cache are untouched; `W` writes a directory every
/// command loads; the copy's files go when it is discarded; a cancelled run changes nothing.
@Suite struct ExplorerTrainingTests {
    private static let pairs = [
        PinPair(anchor: "A man is playing a guitar.", positive: "Someone plays an instrument."),
        PinPair(anchor: "The stock market fell today.", positive: "Share prices dropped sharply."),
    ]

    final class Steps: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [PinTrainingProgress] = []
        func append(_ item: PinTrainingProgress) { lock.lock(); items.append(item); lock.unlock() }
        var all: [PinTrainingProgress] { lock.lock(); defer { lock.unlock() }; return items }
    }

    private func openEngine(_ corpus: ReferenceCorpus, model: SentenceTransformer? = nil,
                            prompt: ResolvedPrompt = .none) throws -> ExplorerCorpusEngine {
        let engine = ExplorerCorpusEngine(model: try model ?? ReferenceCorpus.model(), cachePath: corpus.cachePath,
                                          bundledCorpora: ["bundled": corpus.file], prompt: prompt)
        _ = try engine.openCorpus(named: "bundled", progress: { _ in })
        return engine
    }

    /// `W`: the engine's trained copy written into a fresh directory, and that directory loaded
    /// again as a model (the directory lives as long as the returned value).
    private func saveAndLoadTrainedCopy(_ engine: ExplorerCorpusEngine) throws -> (directory: TemporaryDirectory, path: String, model: SentenceTransformer) {
        let target = try TemporaryDirectory("semblance-trained-save")
        let saved = target.url.appendingPathComponent("copy").path
        try engine.saveTrainedCopy(to: saved)
        return (target, saved, try SentenceTransformer(modelDirectory: URL(fileURLWithPath: saved)))
    }

    @Test func theCopyLearnsThenEncodesInTheModelsPlaceAndWCanWriteIt() throws {
        let corpus = try ReferenceCorpus(count: 10)
        let engine = try openEngine(corpus)
        let model = try ReferenceCorpus.model()
        let weightsBefore = try Data(contentsOf: model.weightsFile)
        let steps = Steps()
        let outcome = try engine.trainCopy(PinTrainingRequest(pairs: Self.pairs, steps: 6, learningRate: 1e-3),
                                           progress: { steps.append($0) }, isCancelled: { false })
        #expect(outcome.steps == 6 && outcome.pairs == 2 && outcome.baseModel == model.name)
        #expect(outcome.lastLoss < outcome.firstLoss, "\(outcome)")
        let losses = steps.all.compactMap { progress -> Double? in
            if case let .training(_, _, loss) = progress.phase { loss } else { nil }
        }
        #expect(losses.count == 6 && losses.first == outcome.firstLoss && losses.last == outcome.lastLoss)
        // Every step carried the four pinned texts' vectors; the corpus was encoded in the end.
        #expect(steps.all.first.map { $0.vectors.count } == 4)
        #expect(steps.all.last?.phase == .encodingCorpus(done: 10, total: 10))
        // The base model's weights did not move.
        #expect(try Data(contentsOf: model.weightsFile) == weightsBefore)

        // W: a complete directory; loaded fresh, it gives the vectors the engine now encodes with.
        let (target, saved, trained) = try saveAndLoadTrainedCopy(engine)
        defer { withExtendedLifetime(target) {} }
        let input = "A woman strums a guitar."
        let engineVector = engine.analysis(of: try engine.encode(input)).vector
        let savedVector = try #require(try trained.encode([input]).first)
        #expect(engineVector == savedVector)
        let baseVector = try #require(try model.encode([input]).first)
        #expect(referenceCosine(baseVector, savedVector) < 0.999999)  // it moved
        // The neighbours are the copy's own scores of the corpus.
        let neighbours = try engine.neighbours(of: engineVector, k: 3)
        let texts = corpus.texts
        let expected = try zip(texts, trained.encode(texts)).map { ($0, referenceCosine(savedVector, $1)) }
            .sorted { $0.1 > $1.1 }.prefix(3)
        #expect(neighbours.map(\.text) == expected.map(\.0))
        for (item, reference) in zip(neighbours, expected) { #expect(abs(Double(item.score) - reference.1) < 1e-5) }
        // An existing directory is never written over.
        #expect(throws: CorporaError.trainedCopyTargetExists(path: saved)) { try engine.saveTrainedCopy(to: saved) }

        // Discarding: the model encodes again, and the copy's temporary files are gone. (This
        // copy's own directory: other tests in this process train copies of their own meanwhile.)
        let copyDirectory = try #require(engine.trainedCopyDirectory)
        #expect(copyDirectory.lastPathComponent.hasPrefix("semblance-trained-\(ProcessInfo.processInfo.processIdentifier)-"))
        #expect(FileManager.default.fileExists(atPath: copyDirectory.appendingPathComponent("config.json").path))
        engine.discardTrainedCopy()
        #expect(engine.trainedCopyDirectory == nil)
        #expect(engine.analysis(of: try engine.encode(input)).vector == baseVector)
        #expect(!FileManager.default.fileExists(atPath: copyDirectory.path))
    }

    @Test func aCancelledRunChangesNothing() throws {
        let corpus = try ReferenceCorpus(count: 6)
        let engine = try openEngine(corpus)
        let input = "A man is playing a guitar."
        let before = engine.analysis(of: try engine.encode(input)).vector
        let steps = Steps()
        #expect(throws: CorporaError.trainingCancelled) {
            _ = try engine.trainCopy(PinTrainingRequest(pairs: Self.pairs, steps: 50, learningRate: 1e-3),
                                     progress: { steps.append($0) }, isCancelled: { steps.all.count >= 2 })
        }
        #expect(steps.all.count == 2)
        #expect(engine.analysis(of: try engine.encode(input)).vector == before)
        #expect(throws: CorporaError.noTrainedCopy) { try engine.saveTrainedCopy(to: "/nonexistent/x") }
    }

    /// `T` on a model of each other family (MPNet's bucket table, DistilBERT with a Dense
    /// module and a query prompt left out of pooling): the copy learns, the model's files stay
    /// as they were, and the copy encodes the input as a fresh load of its files does.
    @Test(arguments: ["tiny-mpnet", "tiny-distilbert-dense-prompts", "tiny-xlmr-unigram"])
    func theCopyOfAnotherFamilyLearns(_ name: String) throws {
        let corpus = try ReferenceCorpus(count: 6)
        let directory = Fixtures.root.appendingPathComponent("models/" + name)
        let model = try SentenceTransformer(modelDirectory: directory)
        // With the model's query prompt, as `explore` runs it (DistilBERT's is left out of its pooling).
        let prompt = try model.resolvePrompt(model.queryPromptChoice)
        let engine = try openEngine(corpus, model: model, prompt: prompt)
        let weightsBefore = try Data(contentsOf: model.weightsFile)
        let outcome = try engine.trainCopy(PinTrainingRequest(pairs: Self.pairs, steps: 6, learningRate: 1e-3),
                                           progress: { _ in }, isCancelled: { false })
        #expect(outcome.lastLoss < outcome.firstLoss, "\(name): \(outcome)")
        #expect(try Data(contentsOf: model.weightsFile) == weightsBefore)
        let (target, _, trained) = try saveAndLoadTrainedCopy(engine)
        defer { withExtendedLifetime(target) {} }
        let input = "A woman strums a guitar."
        #expect(engine.analysis(of: try engine.encode(input)).vector == (try trained.encode([input], prompt: .text(prompt.text)).first))
        engine.discardTrainedCopy()
    }
}

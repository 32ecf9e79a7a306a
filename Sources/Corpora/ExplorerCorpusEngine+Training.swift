import Embedding
import ExplorerUI
import Foundation
import Training
import VectorCache

/// "Train on pinned pairs" (`T` in the explorer): the engine's side. A copy of the model in
/// use is opened for training (`TrainableSentenceModel`: its own weights in memory, the
/// model the explorer encodes with is not touched), trained for a few MNRL steps on the
/// pinned pairs, then written to a private temporary directory so the inference pass can
/// load it; the open corpus is encoded again with it, in memory. From then on the copy
/// encodes the input, the pins and the corpus. Nothing reaches the cache or the model's
/// directory; the temporary directory goes with `discardTrainedCopy` unless `W` saved it.
extension ExplorerCorpusEngine {
    /// The trained copy in use: its model, where its files are, and the open corpus encoded by it.
    struct TrainedCopy: Sendable {
        let model: SentenceTransformer
        let directory: URL
        let corpusName: String
        let items: [CorpusItem]
        /// The copy's vector of each item (neighbours carry theirs for the token shares).
        let vectors: [[Float]]
        let search: NeighbourSearch
    }

    /// Items encoded per forward pass while encoding the corpus again: small, so progress moves.
    static let corpusBatchSize = 16

    public func trainCopy(_ request: PinTrainingRequest, progress: @escaping @Sendable (PinTrainingProgress) -> Void,
                          isCancelled: @escaping @Sendable () -> Bool) throws -> PinTrainingOutcome {
        let previous = loadedLock.withLock { trainedCopy }
        guard let corpus = loadedLock.withLock({ loadedCorpus }) else { throw CorporaError.noCorpusOpen }
        // Training goes on from the copy in use, if any: T twice trains twice as far.
        let trainable = try TrainableSentenceModel(directory: previous?.directory ?? model.directory)
        // The texts as the explorer encodes them (with the input's prompt, left out of pooling
        // when the model's Pooling says so), so the vectors the MNRL view shows while training
        // are the ones it scores.
        let promptText = prompt.text
        let pairs = request.pairs.map { TrainingPair(anchor: $0.anchor, positive: $0.positive) }
        let options = TrainingOptions(
            epochs: request.steps, batchSize: max(2, pairs.count), learningRate: request.learningRate, warmupSteps: 0,
            weightDecay: 0.01, maxGradNorm: 1, seed: 0, shuffles: false, dropout: false, prompt: promptText)
        let loop = try TrainingLoop(model: trainable, pairs: pairs, pairsName: "the pinned pairs", options: options)
        let texts = Array(Set(request.pairs.flatMap { [$0.anchor, $0.positive] })).sorted()
        var firstLoss: Double?, lastLoss = 0.0
        try loop.run(until: isCancelled, onStep: { record in
            firstLoss = firstLoss ?? record.loss
            lastLoss = record.loss
            let vectors = trainable.embed(texts, prompt: promptText)
            progress(PinTrainingProgress(phase: .training(step: record.step, total: loop.totalSteps, loss: record.loss),
                                         vectors: Dictionary(zip(texts, vectors), uniquingKeysWith: { first, _ in first })))
        })
        guard !isCancelled(), let firstLoss else { throw CorporaError.trainingCancelled }

        Self.removeCopiesOfEndedRuns()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("semblance-trained-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        do {
            try TrainedModelWriter.write(loop, to: directory, pairsFile: "pairs pinned in semblance explore")
            let trained = try SentenceTransformer(modelDirectory: directory)
            let items = try corpus.items.all()
            let (vectors, search) = try encodeCorpus(items, with: trained, progress: progress, isCancelled: isCancelled)
            let copy = TrainedCopy(model: trained, directory: directory, corpusName: corpus.name, items: items,
                                   vectors: vectors, search: search)
            loadedLock.withLock {
                trainedCopy = copy
                // The pins' vectors of the model in use are remembered for `--against`; not this model's.
            }
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        if let previous { try? FileManager.default.removeItem(at: previous.directory) }
        return PinTrainingOutcome(steps: loop.step, pairs: pairs.count, firstLoss: firstLoss, lastLoss: lastLoss,
                                  baseModel: model.name)
    }

    /// The open corpus's items encoded by `trained` (with the document prompt, as indexing does).
    private func encodeCorpus(_ items: [CorpusItem], with trained: SentenceTransformer,
                              progress: @Sendable (PinTrainingProgress) -> Void, isCancelled: () -> Bool)
        throws -> (vectors: [[Float]], search: NeighbourSearch) {
        let texts = items.map(\.text)
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            guard !isCancelled() else { throw CorporaError.trainingCancelled }
            let end = min(start + Self.corpusBatchSize, texts.count)
            for vector in try trained.encode(Array(texts[start..<end]), prompt: .text(documentPrompt.text),
                                             batchSize: Self.corpusBatchSize) {
                vectors.append(vector)
            }
            start = end
            progress(PinTrainingProgress(phase: .encodingCorpus(done: start, total: texts.count)))
        }
        guard vectors.count == texts.count, vectors.allSatisfy({ $0.count == trained.dimension }),
              let search = NeighbourSearch(rows: texts.count, dimension: trained.dimension, storage: .f32(vectors.flatMap { $0 }),
                                           rowsAreUnitLength: trained.normalizes, similarity: trained.similarityFunction)
        else { throw CorporaError.noVector }
        return (vectors, search)
    }

    /// `W`: copies the trained copy's directory to `path` (which must not exist), a complete
    /// sentence-transformers directory every command accepts.
    public func saveTrainedCopy(to path: String) throws {
        guard let copy = loadedLock.withLock({ trainedCopy }) else { throw CorporaError.noTrainedCopy }
        guard !FileManager.default.fileExists(atPath: path) else { throw CorporaError.trainedCopyTargetExists(path: path) }
        do {
            try FileManager.default.copyItem(at: copy.directory, to: URL(fileURLWithPath: path))
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw CorporaError.trainedCopyNotSaved(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Deletes temporary copies left by explorers that ended without cleaning up (killed, or
    /// their terminal closed): the directory names the process, and a process that no longer
    /// exists keeps nothing.
    static func removeCopiesOfEndedRuns() {
        let temporary = FileManager.default.temporaryDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
        for name in names where name.hasPrefix("semblance-trained-") {
            let parts = name.dropFirst("semblance-trained-".count).split(separator: "-", maxSplits: 1)
            guard let first = parts.first, let pid = Int32(first), pid > 0 else { continue }
            if kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
    }

    /// Where the trained copy in use keeps its files (a temporary directory), if there is one.
    public var trainedCopyDirectory: URL? { loadedLock.withLock { trainedCopy?.directory } }

    /// Forgets the trained copy and deletes its temporary files (at exit, or on another corpus).
    public func discardTrainedCopy() {
        let copy = loadedLock.withLock { () -> TrainedCopy? in
            defer { trainedCopy = nil }
            return trainedCopy
        }
        if let copy { try? FileManager.default.removeItem(at: copy.directory) }
    }
}

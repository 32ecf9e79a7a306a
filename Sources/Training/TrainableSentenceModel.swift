import Foundation
import Embedding
import Inference

/// A sentence-transformers model opened for training: its tokenizer and head (from
/// `SentenceTransformer`), its BERT weights as trainable `Parameter`s, and one training
/// step's forward and backward pass over a batch of pairs.
public final class TrainableSentenceModel: @unchecked Sendable {
    public let sentenceModel: SentenceTransformer
    public let parameters: BertParameters
    public let head: SentenceHead
    /// Bytes of kept activations above which layers are recomputed in backward (512 MiB):
    /// keeps MiniLM at batch 32 of 256-token texts within 1.5 GB.
    public static let defaultActivationBudget = 512 << 20
    /// Dropout probabilities from config.json.
    public let dropoutPlan: DropoutPlan

    /// - Throws: the loaders' errors; `TrainingError.unsupportedArchitecture` (not BERT) or
    ///   `unsupportedModule` (a Dense module) naming the model.
    public init(directory: URL) throws {
        let model = try SentenceTransformer(modelDirectory: directory, threadCount: 1)
        for module in model.modules {
            if case .normalize = module { continue }
            throw TrainingError.unsupportedModule(model: model.name, module: module.summary)
        }
        let transformerFolder = model.weightsFile.deletingLastPathComponent()
        let configuration = model.model.configuration
        guard configuration.architecture == .bert else {
            throw TrainingError.unsupportedArchitecture(model: model.name, modelType: configuration.architecture.modelType)
        }
        let file = try SafeTensorsFile(url: model.weightsFile)
        parameters = try BertParameters(
            configuration: configuration, weights: try EncoderWeights(file: file, configuration: configuration),
            modelName: model.name)
        sentenceModel = model
        head = SentenceHead(pooling: model.pooling, normalizes: model.normalizes)
        dropoutPlan = try Self.dropoutProbabilities(transformerFolder.appendingPathComponent("config.json"))
        // Loading the inference model set OpenBLAS to one thread (that pass splits its own
        // work); training's products are few and large, so OpenBLAS gets every core.
        BLAS.setThreadCount(Self.productThreadCount)
    }

    /// OpenBLAS's threads for training's products. Its sums may change with the thread count, so a
    /// step sets it again before it starts: a model loaded meanwhile (which sets one thread)
    /// must not change a run's numbers, or a resumed run would not be bit for bit.
    static var productThreadCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// `hidden_dropout_prob` and `attention_probs_dropout_prob` (0.1 each when absent, BERT's defaults).
    static func dropoutProbabilities(_ url: URL) throws -> DropoutPlan {
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as? [String: Any] ?? [:]
        func probability(_ key: String) throws -> Float {
            guard let value = object[key] else { return 0.1 }
            guard let number = value as? NSNumber, number.doubleValue >= 0, number.doubleValue < 1 else {
                throw TrainingError.badCheckpoint(path: url.path, reason: "\(key) must be a number in [0, 1)")
            }
            return number.floatValue
        }
        return DropoutPlan(
            hiddenProbability: try probability("hidden_dropout_prob"),
            attentionProbability: try probability("attention_probs_dropout_prob"))
    }

    /// Token ids of `text`, truncated as the model truncates.
    func tokenIDs(_ text: String) -> [Int32] { sentenceModel.tokenize(text).ids }

    /// Sentence vectors with the current weights, no dropout (PyTorch's eval mode).
    public func embed(_ texts: [String]) -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let pass = EncoderTrainingPass(parameters: parameters, sequences: texts.map(tokenIDs), dropout: nil)
        var unused = SplitMix64(seed: 0)
        let states = pass.forward(generator: &unused)
        return head.forward(states, spans: pass.spans, hidden: parameters.configuration.hiddenSize).embeddings
    }

    /// The loss of one batch and every parameter's gradient added to what is there.
    /// Anchors, positives and hard negatives go through the encoder as one packed batch.
    /// - Parameter dropout: a generator for this step's dropout masks, nil for none.
    /// - Parameter activationBudget: bytes of kept activations beyond which layers are recomputed in backward.
    public func accumulateGradients(
        _ batch: [TrainingPair], loss: RankingLoss, dropout: SplitMix64?,
        activationBudget: Int = TrainableSentenceModel.defaultActivationBudget
    ) -> Double {
        let negatives = batch.compactMap(\.negative)
        let useNegatives = negatives.count == batch.count
        let texts = batch.map(\.anchor) + batch.map(\.positive) + (useNegatives ? negatives : [])
        let pass = EncoderTrainingPass(
            parameters: parameters, sequences: texts.map(tokenIDs), dropout: dropout == nil ? nil : dropoutPlan,
            activationBudget: activationBudget)
        var generator = dropout ?? SplitMix64(seed: 0)
        let states = pass.forward(generator: &generator)
        let hidden = parameters.configuration.hiddenSize
        let (embeddings, cache) = head.forward(states, spans: pass.spans, hidden: hidden)
        let b = batch.count
        let result = loss.evaluate(anchors: Array(embeddings[0..<b]), candidates: Array(embeddings[b...]))
        let gradients = result.anchorGradients + result.candidateGradients
        pass.backward(head.backward(gradients, cache: cache, spans: pass.spans, hidden: hidden, tokenCount: pass.tokenCount))
        return result.loss
    }
}

extension TrainableSentenceModel {
    /// The loss alone, gradients untouched (for finite-difference checks).
    struct Probe {
        let model: TrainableSentenceModel
        init(_ model: TrainableSentenceModel) { self.model = model }

        func loss(_ batch: [TrainingPair], loss: RankingLoss, dropout: SplitMix64?) -> Double {
            let saved = model.parameters.all.map(\.gradientArray)
            defer {
                for (parameter, gradient) in zip(model.parameters.all, saved) {
                    for i in 0..<parameter.count { parameter.gradient[i] = gradient[i] }
                }
            }
            return model.accumulateGradients(batch, loss: loss, dropout: dropout)
        }
    }
}

import Foundation
import Embedding
import Inference

/// A sentence-transformers model opened for training: its tokenizer (from
/// `SentenceTransformer`), its encoder's weights (any family the forward pass runs) and its
/// Dense modules' weights as trainable `Parameter`s, and one training step's forward and
/// backward pass over a batch of pairs.
public final class TrainableSentenceModel: @unchecked Sendable {
    public let sentenceModel: SentenceTransformer
    public let parameters: TrainableParameters
    public let head: SentenceHead
    /// Bytes of kept activations above which layers are recomputed in backward (512 MiB):
    /// keeps MiniLM at batch 32 of 256-token texts within 1.5 GB.
    public static let defaultActivationBudget = 512 << 20
    /// Dropout probabilities from config.json.
    public let dropoutPlan: DropoutPlan
    /// Threads a step's work is spread over (its products are cut into the same parts
    /// whatever this is, so the numbers do not depend on it).
    public let threadCount: Int

    /// - Throws: the loaders' errors; `TrainingError.unsupportedModule` naming the model (a
    ///   Dense module with `use_residual`).
    public init(directory: URL, threadCount: Int = EncoderModel.defaultThreadCount) throws {
        let model = try SentenceTransformer(modelDirectory: directory, threadCount: 1)
        var modules: [SentenceHead.Module] = [], dense: [DenseParameters] = []
        for module in model.modules {
            switch module {
            case .normalize: modules.append(.normalize)
            case let .dense(layer):
                let parameters = try DenseParameters(layer, modelDirectory: model.directory, modelName: model.name)
                modules.append(.dense(parameters))
                dense.append(parameters)
            }
        }
        let transformerFolder = model.weightsFile.deletingLastPathComponent()
        let configuration = model.model.configuration
        let configURL = transformerFolder.appendingPathComponent("config.json")
        let file = try SafeTensorsFile(url: model.weightsFile)
        let encoder = EncoderParameters(
            configuration: configuration, weights: try EncoderWeights(file: file, configuration: configuration),
            paddingID: try EncoderParameters.paddingID(configURL, configuration: configuration))
        parameters = TrainableParameters(encoder: encoder, dense: dense)
        sentenceModel = model
        head = SentenceHead(pooling: model.pooling, modules: modules)
        dropoutPlan = try Self.dropoutProbabilities(configURL, architecture: configuration.architecture)
        self.threadCount = max(1, threadCount)
    }

    /// `hidden_dropout_prob` and `attention_probs_dropout_prob` (DistilBERT: `dropout` and
    /// `attention_dropout`), 0.1 each when absent (the families' defaults).
    static func dropoutProbabilities(_ url: URL, architecture: EncoderArchitecture) throws -> DropoutPlan {
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as? [String: Any] ?? [:]
        func probability(_ key: String) throws -> Float {
            guard let value = object[key] else { return 0.1 }
            guard let number = value as? NSNumber, number.doubleValue >= 0, number.doubleValue < 1 else {
                throw TrainingError.badCheckpoint(path: url.path, reason: "\(key) must be a number in [0, 1)")
            }
            return number.floatValue
        }
        if architecture == .distilbert {
            // DistilBERT drops nothing after the attention's output projection.
            return DropoutPlan(
                hiddenProbability: try probability("dropout"), attentionProbability: try probability("attention_dropout"),
                dropsAttentionOutput: false)
        }
        return DropoutPlan(
            hiddenProbability: try probability("hidden_dropout_prob"),
            attentionProbability: try probability("attention_probs_dropout_prob"))
    }

    /// Token ids of `text`, truncated as the model truncates.
    func tokenIDs(_ text: String) -> [Int32] { sentenceModel.tokenize(text).ids }

    /// Tokens of `prompt` left out of pooling: its tokens without the closing special one when
    /// the model's Pooling has `include_prompt` false (as the inference pass counts them), else none.
    func excludedTokens(_ prompt: String) -> Int {
        sentenceModel.pooling.includesPrompt ? 0 : sentenceModel.promptTokenCount(prompt)
    }

    /// Sentence vectors with the current weights, no dropout (PyTorch's eval mode).
    /// - Parameter prompt: put before every text (and left out of pooling with `include_prompt` false).
    public func embed(_ texts: [String], prompt: String = "") -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let pass = EncoderTrainingPass(parameters: parameters.encoder, sequences: texts.map { tokenIDs(prompt + $0) },
                                       dropout: nil, threads: threadCount)
        var unused = SplitMix64(seed: 0)
        let states = pass.forward(generator: &unused)
        return head.forward(states, spans: pass.spans, hidden: parameters.encoder.configuration.hiddenSize,
                            excludingFirst: excludedTokens(prompt)).embeddings
    }

    /// The loss of one batch and every parameter's gradient added to what is there.
    /// Anchors, positives and hard negatives go through the encoder as one packed batch.
    /// - Parameter dropout: a generator for this step's dropout masks, nil for none.
    /// - Parameter activationBudget: bytes of kept activations beyond which layers are recomputed in backward.
    /// - Parameter prompt: put before every text (fit() uses none; the explorer its input's).
    public func accumulateGradients(
        _ batch: [TrainingPair], loss: RankingLoss, dropout: SplitMix64?,
        activationBudget: Int = TrainableSentenceModel.defaultActivationBudget, prompt: String = ""
    ) -> Double {
        let negatives = batch.compactMap(\.negative)
        let useNegatives = negatives.count == batch.count
        let texts = batch.map(\.anchor) + batch.map(\.positive) + (useNegatives ? negatives : [])
        let pass = EncoderTrainingPass(
            parameters: parameters.encoder, sequences: texts.map { tokenIDs(prompt + $0) },
            dropout: dropout == nil ? nil : dropoutPlan, threads: threadCount, activationBudget: activationBudget)
        var generator = dropout ?? SplitMix64(seed: 0)
        let states = pass.forward(generator: &generator)
        let hidden = parameters.encoder.configuration.hiddenSize
        let excluded = excludedTokens(prompt)
        let (embeddings, cache) = head.forward(states, spans: pass.spans, hidden: hidden, excludingFirst: excluded)
        let b = batch.count
        let result = loss.evaluate(anchors: Array(embeddings[0..<b]), candidates: Array(embeddings[b...]))
        let gradients = result.anchorGradients + result.candidateGradients
        pass.backward(head.backward(gradients, cache: cache, spans: pass.spans, hidden: hidden, tokenCount: pass.tokenCount,
                                    excludingFirst: excluded))
        return result.loss
    }
}

extension TrainableSentenceModel {
    /// The loss alone, gradients untouched (for finite-difference checks).
    struct Probe {
        let model: TrainableSentenceModel
        init(_ model: TrainableSentenceModel) { self.model = model }

        func loss(_ batch: [TrainingPair], loss: RankingLoss, dropout: SplitMix64?, prompt: String = "") -> Double {
            let saved = model.parameters.all.map(\.gradientArray)
            defer {
                for (parameter, gradient) in zip(model.parameters.all, saved) {
                    for i in 0..<parameter.count { parameter.gradient[i] = gradient[i] }
                }
            }
            return model.accumulateGradients(batch, loss: loss, dropout: dropout, prompt: prompt)
        }
    }
}

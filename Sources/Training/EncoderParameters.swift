import Foundation
import Inference

/// The trainable weights of an encoder of any family the forward pass runs (BERT, RoBERTa,
/// XLM-R, MPNet, DistilBERT), under the family's own transformers names and in the order
/// PyTorch's `named_parameters()` lists them (the order AdamW and gradient clipping walk them).
/// The pooler is not here: sentence-transformers never uses it, so it gets no gradient and
/// AdamW leaves it alone. DistilBERT's sinusoidal position table is fixed
/// (`requires_grad = False`): it is held but not trained.
public final class EncoderParameters: @unchecked Sendable {
    public struct Linear {
        public let weight: Parameter
        public let bias: Parameter
        public var outputSize: Int { weight.shape[0] }
        public var inputSize: Int { weight.shape[1] }
    }

    public struct LayerNorm {
        public let weight: Parameter
        public let bias: Parameter
    }

    public struct Layer {
        public let query, key, value, attentionOutput: Linear
        public let attentionNorm: LayerNorm
        public let intermediate, output: Linear
        public let outputNorm: LayerNorm
    }

    public let configuration: EncoderConfiguration
    public let wordEmbeddings, positionEmbeddings: Parameter
    /// Whether `positionEmbeddings` is trained (not DistilBERT's sinusoidal table).
    public let trainsPositions: Bool
    /// Row 0 is added to every token (one segment); nil for MPNet and DistilBERT.
    public let tokenTypeEmbeddings: Parameter?
    public let embeddingNorm: LayerNorm
    /// MPNet's [buckets × heads] relative attention bias, shared by every layer; nil otherwise.
    public let relativeAttentionBias: Parameter?
    public let layers: [Layer]
    /// The word (and, for families that count positions past it, position) row whose
    /// gradient PyTorch drops: the embeddings' `padding_idx`.
    public let paddingID: Int?
    /// Every trained parameter, in `named_parameters()` order.
    public let all: [Parameter]

    /// Copies `weights` (checked against `configuration` by `EncoderWeights`), naming each
    /// tensor as the family's checkpoints do (without a `bert.`/`roberta.`/… prefix).
    /// - Parameter paddingID: `pad_token_id` (the word embeddings' `padding_idx`).
    public init(configuration: EncoderConfiguration, weights: EncoderWeights, paddingID: Int?) {
        self.configuration = configuration
        let names = EncoderWeightNames(configuration.architecture)
        func parameter(_ name: String, _ tensor: FloatTensor) -> Parameter {
            Parameter(name: name, shape: tensor.shape, values: tensor.values)
        }
        func linear(_ stem: String, _ source: EncoderWeights.Linear) -> Linear {
            Linear(weight: parameter(stem + ".weight", source.weight), bias: parameter(stem + ".bias", source.bias))
        }
        func norm(_ stem: String, _ source: EncoderWeights.LayerNorm) -> LayerNorm {
            LayerNorm(weight: parameter(stem + ".weight", source.weight), bias: parameter(stem + ".bias", source.bias))
        }
        wordEmbeddings = parameter(names.wordEmbeddings, weights.wordEmbeddings)
        positionEmbeddings = parameter(names.positionEmbeddings, weights.positionEmbeddings)
        trainsPositions = !configuration.sinusoidalPositions
        tokenTypeEmbeddings = weights.tokenTypeEmbeddings.map { parameter(names.tokenTypeEmbeddings, $0) }
        embeddingNorm = norm(names.embeddingNorm, weights.embeddingNorm)
        relativeAttentionBias = weights.relativeAttentionBias.map { parameter(names.relativeAttentionBias, $0) }
        self.paddingID = paddingID
        layers = weights.layers.enumerated().map { index, layer in
            let stems = names.layer(index)
            return Layer(
                query: linear(stems.query, layer.query), key: linear(stems.key, layer.key),
                value: linear(stems.value, layer.value), attentionOutput: linear(stems.attentionOutput, layer.attentionOutput),
                attentionNorm: norm(stems.attentionNorm, layer.attentionNorm),
                intermediate: linear(stems.intermediate, layer.intermediate), output: linear(stems.output, layer.output),
                outputNorm: norm(stems.outputNorm, layer.outputNorm))
        }
        var all = [wordEmbeddings]
        if trainsPositions { all.append(positionEmbeddings) }
        if let tokenTypeEmbeddings { all.append(tokenTypeEmbeddings) }
        all += [embeddingNorm.weight, embeddingNorm.bias]
        for layer in layers {
            for linear in [layer.query, layer.key, layer.value, layer.attentionOutput] {
                all += [linear.weight, linear.bias]
            }
            all += [layer.attentionNorm.weight, layer.attentionNorm.bias]
            for linear in [layer.intermediate, layer.output] { all += [linear.weight, linear.bias] }
            all += [layer.outputNorm.weight, layer.outputNorm.bias]
        }
        // MPNetEncoder defines the table after its layers.
        if let relativeAttentionBias { all.append(relativeAttentionBias) }
        self.all = all
    }

    /// Loads `config.json` and `model.safetensors` of a transformer folder.
    public convenience init(directory: URL) throws {
        let configURL = directory.appendingPathComponent("config.json")
        let configuration = try EncoderConfiguration.load(from: configURL)
        let file = try SafeTensorsFile(url: directory.appendingPathComponent("model.safetensors"))
        self.init(
            configuration: configuration, weights: try EncoderWeights(file: file, configuration: configuration),
            paddingID: try Self.paddingID(configURL, configuration: configuration))
    }

    /// The embeddings' `padding_idx`: `pad_token_id` (0 when absent, as BERT's and DistilBERT's
    /// configs default it); MPNet's is always 1, RoBERTa's the id its positions count past.
    static func paddingID(_ configURL: URL, configuration: EncoderConfiguration) throws -> Int? {
        if let index = configuration.positionPaddingIndex { return index }
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: configURL)) as? [String: Any] ?? [:]
        guard let value = object["pad_token_id"] else { return 0 }
        guard let number = value as? NSNumber, let id = Int(exactly: number.doubleValue), id >= 0 else { return nil }
        return id
    }

    /// Positions of each token of `sequence`, as the inference pass (and transformers) gives them:
    /// from 0, or past the padding id (a padding token itself gets the padding row).
    func positions(of sequence: [Int32]) -> [Int] {
        guard let padding = configuration.positionPaddingIndex else { return Array(0..<sequence.count) }
        var counted = 0
        return sequence.map { id in
            if Int(id) == padding { return padding }
            counted += 1
            return padding + counted
        }
    }

    /// The parameter named `name`, if any.
    public func parameter(named name: String) -> Parameter? { all.first { $0.name == name } }

    /// Floats held by the trained parameters (values only).
    public var valueCount: Int { all.reduce(0) { $0 + $1.count } }
}

import Foundation
import Inference

/// The trainable weights of a BERT encoder, in the order PyTorch's `named_parameters()`
/// lists them (the order AdamW and gradient clipping walk them). The pooler is not here:
/// sentence-transformers never uses it, so it gets no gradient and AdamW leaves it alone.
public final class BertParameters: @unchecked Sendable {
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
    public let wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings: Parameter
    public let embeddingNorm: LayerNorm
    public let layers: [Layer]
    /// Every parameter, in `named_parameters()` order.
    public let all: [Parameter]

    /// Copies `weights` (checked against `configuration` by `EncoderWeights`).
    /// - Throws: `TrainingError.unsupportedArchitecture` for a family other than BERT.
    public init(configuration: EncoderConfiguration, weights: EncoderWeights, modelName: String) throws {
        guard configuration.architecture == .bert, let tokenTypes = weights.tokenTypeEmbeddings else {
            throw TrainingError.unsupportedArchitecture(model: modelName, modelType: configuration.architecture.modelType)
        }
        self.configuration = configuration
        func parameter(_ name: String, _ tensor: FloatTensor) -> Parameter {
            Parameter(name: name, shape: tensor.shape, values: tensor.values)
        }
        func linear(_ prefix: String, _ source: EncoderWeights.Linear) -> Linear {
            Linear(weight: parameter(prefix + ".weight", source.weight), bias: parameter(prefix + ".bias", source.bias))
        }
        func norm(_ prefix: String, _ source: EncoderWeights.LayerNorm) -> LayerNorm {
            LayerNorm(weight: parameter(prefix + ".weight", source.weight), bias: parameter(prefix + ".bias", source.bias))
        }
        wordEmbeddings = parameter("embeddings.word_embeddings.weight", weights.wordEmbeddings)
        positionEmbeddings = parameter("embeddings.position_embeddings.weight", weights.positionEmbeddings)
        tokenTypeEmbeddings = parameter("embeddings.token_type_embeddings.weight", tokenTypes)
        embeddingNorm = norm("embeddings.LayerNorm", weights.embeddingNorm)
        layers = weights.layers.enumerated().map { index, layer in
            let prefix = "encoder.layer.\(index)"
            return Layer(
                query: linear(prefix + ".attention.self.query", layer.query),
                key: linear(prefix + ".attention.self.key", layer.key),
                value: linear(prefix + ".attention.self.value", layer.value),
                attentionOutput: linear(prefix + ".attention.output.dense", layer.attentionOutput),
                attentionNorm: norm(prefix + ".attention.output.LayerNorm", layer.attentionNorm),
                intermediate: linear(prefix + ".intermediate.dense", layer.intermediate),
                output: linear(prefix + ".output.dense", layer.output),
                outputNorm: norm(prefix + ".output.LayerNorm", layer.outputNorm))
        }
        var all = [wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings, embeddingNorm.weight, embeddingNorm.bias]
        for layer in layers {
            for linear in [layer.query, layer.key, layer.value, layer.attentionOutput] {
                all += [linear.weight, linear.bias]
            }
            all += [layer.attentionNorm.weight, layer.attentionNorm.bias]
            for linear in [layer.intermediate, layer.output] { all += [linear.weight, linear.bias] }
            all += [layer.outputNorm.weight, layer.outputNorm.bias]
        }
        self.all = all
    }

    /// Loads `config.json` and `model.safetensors` of a transformer folder.
    public convenience init(directory: URL) throws {
        let configuration = try EncoderConfiguration.load(from: directory.appendingPathComponent("config.json"))
        let file = try SafeTensorsFile(url: directory.appendingPathComponent("model.safetensors"))
        try self.init(
            configuration: configuration, weights: try EncoderWeights(file: file, configuration: configuration),
            modelName: directory.lastPathComponent)
    }

    /// The parameter named `name`, if any.
    public func parameter(named name: String) -> Parameter? { all.first { $0.name == name } }

    public func zeroGradients() { for parameter in all { parameter.zeroGradient() } }

    /// Floats held by the parameters (values only).
    public var valueCount: Int { all.reduce(0) { $0 + $1.count } }
}

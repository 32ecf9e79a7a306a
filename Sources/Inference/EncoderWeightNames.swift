/// Where each family's checkpoints keep each weight (without a model prefix; the stems
/// before `.weight` / `.bias` for linear maps and LayerNorms). Public for training, which
/// saves a trained model under the same names.
public struct EncoderWeightNames: Sendable {
    /// One layer's stems.
    public struct Layer: Sendable {
        public let query, key, value, attentionOutput, attentionNorm, intermediate, output, outputNorm: String
    }

    public let wordEmbeddings = "embeddings.word_embeddings.weight"
    public let positionEmbeddings = "embeddings.position_embeddings.weight"
    public let tokenTypeEmbeddings = "embeddings.token_type_embeddings.weight"
    public let embeddingNorm = "embeddings.LayerNorm"
    public let relativeAttentionBias = "encoder.relative_attention_bias.weight"
    private let architecture: EncoderArchitecture

    public init(_ architecture: EncoderArchitecture) {
        self.architecture = architecture
    }

    /// Prefixes a checkpoint may put before these names (`bert.`, `roberta.`, …, `model.`).
    public var prefixes: [String] { architecture.weightPrefixes }

    public func layer(_ index: Int) -> Layer {
        switch architecture {
        case .bert, .roberta, .xlmRoberta:
            let prefix = "encoder.layer.\(index)"
            return Layer(
                query: prefix + ".attention.self.query", key: prefix + ".attention.self.key",
                value: prefix + ".attention.self.value", attentionOutput: prefix + ".attention.output.dense",
                attentionNorm: prefix + ".attention.output.LayerNorm", intermediate: prefix + ".intermediate.dense",
                output: prefix + ".output.dense", outputNorm: prefix + ".output.LayerNorm")
        case .mpnet:
            let prefix = "encoder.layer.\(index)"
            return Layer(
                query: prefix + ".attention.attn.q", key: prefix + ".attention.attn.k",
                value: prefix + ".attention.attn.v", attentionOutput: prefix + ".attention.attn.o",
                attentionNorm: prefix + ".attention.LayerNorm", intermediate: prefix + ".intermediate.dense",
                output: prefix + ".output.dense", outputNorm: prefix + ".output.LayerNorm")
        case .distilbert:
            let prefix = "transformer.layer.\(index)"
            return Layer(
                query: prefix + ".attention.q_lin", key: prefix + ".attention.k_lin",
                value: prefix + ".attention.v_lin", attentionOutput: prefix + ".attention.out_lin",
                attentionNorm: prefix + ".sa_layer_norm", intermediate: prefix + ".ffn.lin1",
                output: prefix + ".ffn.lin2", outputNorm: prefix + ".output_layer_norm")
        }
    }
}

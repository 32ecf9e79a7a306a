import Foundation

/// The hyper-parameters of a transformer encoder, as written in a Hugging Face `config.json`.
///
/// One type for every supported family (`EncoderArchitecture`, chosen by `model_type`):
/// each family's own keys (DistilBERT's `dim`, `n_layers`, …) are read into the same
/// fields, and missing keys take that family's defaults in transformers. Only what this
/// forward pass computes is accepted: the activations of `FeedForwardActivation`, absolute
/// positions (plus MPNet's relative bias).
public struct EncoderConfiguration: Decodable, Sendable, Equatable {
    /// Which family the weights and the forward pass follow.
    public let architecture: EncoderArchitecture
    /// Width of every token state (H).
    public let hiddenSize: Int
    /// Number of encoder layers.
    public let numHiddenLayers: Int
    /// Number of attention heads; each head sees `hiddenSize / numAttentionHeads` dimensions.
    public let numAttentionHeads: Int
    /// Width of the feed-forward layer inside each encoder layer.
    public let intermediateSize: Int
    /// Rows of the position table.
    public let maxPositionEmbeddings: Int
    /// Rows of the token-type table (every token uses type 0 here); 0 for families without one.
    public let typeVocabSize: Int
    /// Rows of the word-embedding table; valid ids are `0 ..< vocabSize`.
    public let vocabSize: Int
    /// Epsilon added to the variance in every LayerNorm.
    public let layerNormEps: Double
    /// Feed-forward activation as written (`hidden_act`, DistilBERT's `activation`).
    public let hiddenAct: String
    /// `model_type` as written, if present (absent means `bert`).
    public let modelType: String?
    /// `architectures` as written, if present; each must be a class of the family (`BertModel`, …).
    public let architectures: [String]?
    /// Only `absolute`.
    public let positionEmbeddingType: String
    /// The padding id positions are counted past (RoBERTa's `pad_token_id`; MPNet's is
    /// always 1 in transformers); nil for families that count positions from 0.
    public let positionPaddingIndex: Int?
    /// Rows of MPNet's relative attention bias table (`relative_attention_num_buckets`); 0 otherwise.
    public let relativeAttentionBuckets: Int
    /// DistilBERT's `sinusoidal_pos_embds`: positions from a fixed sine/cosine table when the
    /// checkpoint holds none.
    public let sinusoidalPositions: Bool

    /// Dimensions per attention head.
    public var headSize: Int { hiddenSize / numAttentionHeads }

    /// The feed-forward activation `hiddenAct` names (validated at init).
    public var activation: FeedForwardActivation { FeedForwardActivation(configName: hiddenAct) ?? .gelu }

    /// Longest sequence (tokens, specials included) the position table covers: positions
    /// counted past the padding id start at `padding + 1`.
    public var maximumSequenceLength: Int {
        guard let positionPaddingIndex else { return maxPositionEmbeddings }
        return max(0, maxPositionEmbeddings - positionPaddingIndex - 1)
    }

    /// A validated configuration; defaults are those of bert-base.
    public init(
        architecture: EncoderArchitecture = .bert,
        hiddenSize: Int = 768, numHiddenLayers: Int = 12, numAttentionHeads: Int = 12,
        intermediateSize: Int = 3072, maxPositionEmbeddings: Int = 512, typeVocabSize: Int = 2,
        vocabSize: Int = 30522, layerNormEps: Double = 1e-12, hiddenAct: String = "gelu",
        modelType: String? = "bert", architectures: [String]? = nil,
        positionEmbeddingType: String = "absolute", positionPaddingIndex: Int? = nil,
        relativeAttentionBuckets: Int = 0, sinusoidalPositions: Bool = false
    ) throws {
        self.architecture = architecture
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.intermediateSize = intermediateSize
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.typeVocabSize = architecture.hasTokenTypes ? typeVocabSize : 0
        self.vocabSize = vocabSize
        self.layerNormEps = layerNormEps
        self.hiddenAct = hiddenAct
        self.modelType = modelType
        self.architectures = architectures
        self.positionEmbeddingType = positionEmbeddingType
        self.positionPaddingIndex = architecture.countsPositionsPastPadding ? positionPaddingIndex : nil
        self.relativeAttentionBuckets = architecture == .mpnet ? relativeAttentionBuckets : 0
        self.sinusoidalPositions = architecture == .distilbert && sinusoidalPositions
        try validate()
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let modelType = try container.decodeIfPresent(String.self, forKey: Key("model_type"))
        let architecture: EncoderArchitecture
        if let modelType {
            guard let known = EncoderArchitecture(rawValue: modelType) else {
                throw InferenceError.unsupportedArchitecture(modelType)
            }
            architecture = known
        } else {
            architecture = .bert
        }
        // Sizes are decoded as Double: Foundation's JSONDecoder reports an Int that does not
        // fit (1e30, 1.5) as "not valid JSON" for the whole file, without naming the key.
        func size(_ names: [String], default value: Int) throws -> Int {
            guard let name = names.first(where: { container.contains(Key($0)) }),
                  let number = try container.decodeIfPresent(Double.self, forKey: Key(name)) else { return value }
            guard let whole = Int(exactly: number) else {
                throw InferenceError.invalidConfiguration(
                    file: "config.json", reason: "\(name) \(number) is not a 64-bit integer")
            }
            return whole
        }
        func string(_ names: [String], default value: String) throws -> String {
            guard let name = names.first(where: { container.contains(Key($0)) }) else { return value }
            return try container.decodeIfPresent(String.self, forKey: Key(name)) ?? value
        }
        let architectures = try container.decodeIfPresent([String].self, forKey: Key("architectures"))
        let layerNormEps = try container.decodeIfPresent(Double.self, forKey: Key("layer_norm_eps"))
        switch architecture {
        case .distilbert:
            // DistilBERT's own keys (transformers maps hidden_size & co. onto them too);
            // its LayerNorms always use 1e-12.
            try self.init(
                architecture: architecture,
                hiddenSize: size(["dim", "hidden_size"], default: 768),
                numHiddenLayers: size(["n_layers", "num_hidden_layers"], default: 6),
                numAttentionHeads: size(["n_heads", "num_attention_heads"], default: 12),
                intermediateSize: size(["hidden_dim"], default: 3072),
                maxPositionEmbeddings: size(["max_position_embeddings"], default: 512),
                typeVocabSize: 0,
                vocabSize: size(["vocab_size"], default: 30522),
                layerNormEps: 1e-12,
                hiddenAct: string(["activation"], default: "gelu"),
                modelType: modelType, architectures: architectures,
                sinusoidalPositions: container.decodeIfPresent(Bool.self, forKey: Key("sinusoidal_pos_embds")) ?? false)
        case .bert, .roberta, .xlmRoberta, .mpnet:
            let padding: Int?
            switch architecture {
            case .roberta, .xlmRoberta:
                // The embedding's padding_idx is pad_token_id; positions start past it.
                guard container.contains(Key("pad_token_id")) else { padding = 1; break }
                guard let value = try container.decodeIfPresent(Double.self, forKey: Key("pad_token_id")),
                      let whole = Int(exactly: value), whole >= 0 else {
                    throw InferenceError.invalidConfiguration(
                        file: "config.json", reason: "pad_token_id must be a non-negative integer for \(architecture.modelType)")
                }
                padding = whole
            case .mpnet:
                padding = 1  // MPNetEmbeddings fixes padding_idx = 1 whatever pad_token_id says
            default:
                padding = nil
            }
            try self.init(
                architecture: architecture,
                hiddenSize: size(["hidden_size"], default: 768),
                numHiddenLayers: size(["num_hidden_layers"], default: 12),
                numAttentionHeads: size(["num_attention_heads"], default: 12),
                intermediateSize: size(["intermediate_size"], default: 3072),
                maxPositionEmbeddings: size(["max_position_embeddings"], default: 512),
                typeVocabSize: size(["type_vocab_size"], default: 2),
                vocabSize: size(["vocab_size"], default: architecture == .roberta ? 50265 : architecture == .mpnet ? 30527 : 30522),
                layerNormEps: layerNormEps ?? 1e-12,
                hiddenAct: string(["hidden_act"], default: "gelu"),
                modelType: modelType, architectures: architectures,
                positionEmbeddingType: architecture == .mpnet
                    ? "absolute" : string(["position_embedding_type"], default: "absolute"),
                positionPaddingIndex: padding,
                relativeAttentionBuckets: architecture == .mpnet
                    ? size(["relative_attention_num_buckets"], default: 32) : 0)
        }
    }

    /// Reads and validates `config.json` at `url`; every error names the file.
    /// `recordRead` is called with `url` and the exact bytes decoded.
    public static func load(from url: URL, recordRead: (URL, [UInt8]) -> Void = { _, _ in }) throws -> EncoderConfiguration {
        let fileName = url.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InferenceError.unreadableFile(file: fileName, reason: error.localizedDescription)
        }
        recordRead(url, [UInt8](data))
        do {
            return try JSONDecoder().decode(EncoderConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw InferenceError.invalidConfiguration(file: fileName, reason: Self.reason(error))
        } catch let error as InferenceError {
            if case let .invalidConfiguration(_, reason) = error {
                throw InferenceError.invalidConfiguration(file: fileName, reason: reason)
            }
            throw InferenceError.invalidConfiguration(file: fileName, reason: error.description)
        }
    }

    private func validate() throws {
        if let modelType, modelType != architecture.modelType {
            throw InferenceError.unsupportedArchitecture(modelType)
        }
        // BertForMaskedLM and friends wrap a BertModel (their tensors carry the `bert.` prefix).
        if let foreign = architectures?.first(where: { !Self.belongs($0, to: architecture) }) {
            throw InferenceError.foreignArchitecture(foreign, modelType: architecture.modelType)
        }
        guard FeedForwardActivation(configName: hiddenAct) != nil else {
            throw InferenceError.unsupportedActivation(hiddenAct)
        }
        guard positionEmbeddingType == "absolute" else {
            throw InferenceError.unsupportedPositionEmbedding(positionEmbeddingType)
        }
        if architecture == .mpnet, relativeAttentionBuckets < RelativePositionBias.bucketCount {
            // transformers' MPNetEncoder always buckets into 32, whatever the table holds.
            throw InferenceError.invalidConfiguration(
                file: "config.json",
                reason: "relative_attention_num_buckets \(relativeAttentionBuckets) is fewer than the \(RelativePositionBias.bucketCount) buckets MPNet's encoder uses")
        }
        if let positionPaddingIndex, positionPaddingIndex + 1 >= maxPositionEmbeddings {
            throw InferenceError.invalidConfiguration(
                file: "config.json",
                reason: "max_position_embeddings \(maxPositionEmbeddings) leaves no position past pad_token_id \(positionPaddingIndex)")
        }
        let sizes: [(String, Int)] = [
            ("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
            ("num_attention_heads", numAttentionHeads), ("intermediate_size", intermediateSize),
            ("max_position_embeddings", maxPositionEmbeddings), ("vocab_size", vocabSize),
        ] + (architecture.hasTokenTypes ? [("type_vocab_size", typeVocabSize)] : [])
        for (key, value) in sizes where value <= 0 {
            throw InferenceError.invalidConfiguration(file: "config.json", reason: "\(key) is \(value), must be positive")
        }
        // Every sequence holds at least the template's two special tokens.
        guard maximumSequenceLength >= 2 else {
            throw InferenceError.invalidConfiguration(
                file: "config.json",
                reason: "max_position_embeddings \(maxPositionEmbeddings) leaves \(maximumSequenceLength) position(s) for a sequence; at least 2 are needed")
        }
        // A computed sinusoid table is allocated from these two numbers alone (no file bounds it).
        if sinusoidalPositions {
            let (elements, overflow) = maxPositionEmbeddings.multipliedReportingOverflow(by: hiddenSize)
            guard !overflow, elements <= Self.largestComputedTable else {
                throw InferenceError.invalidConfiguration(
                    file: "config.json",
                    reason: "max_position_embeddings \(maxPositionEmbeddings) × dim \(hiddenSize) is too large a sinusoidal position table (at most \(Self.largestComputedTable) values)")
            }
        }
        guard hiddenSize % numAttentionHeads == 0 else {
            throw InferenceError.invalidConfiguration(
                file: "config.json",
                reason: "hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(numAttentionHeads)")
        }
        guard layerNormEps.isFinite, layerNormEps >= 0 else {
            throw InferenceError.invalidConfiguration(
                file: "config.json", reason: "layer_norm_eps \(layerNormEps) must be a finite, non-negative number")
        }
    }

    /// The most values a table computed from the configuration alone may hold (1 GiB of floats).
    static let largestComputedTable = 1 << 28

    /// Whether transformers class `name` (`BertModel`, `MPNetForMaskedLM`, …) is of `architecture`'s family.
    private static func belongs(_ name: String, to architecture: EncoderArchitecture) -> Bool {
        guard name.hasPrefix(architecture.classPrefix) else { return false }
        // Classes that share a prefix but not the body (pre-norm layers, decoders).
        return !["RobertaPreLayerNorm", "XLMRobertaXL", "BertGeneration"].contains { name.hasPrefix($0) }
    }

    private static func reason(_ error: DecodingError) -> String {
        func key(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .dataCorrupted(context) where context.codingPath.isEmpty:
            return "not valid JSON"
        case let .typeMismatch(_, context) where context.codingPath.isEmpty:
            return "not a JSON object"
        case let .typeMismatch(type, context):
            return "\"\(key(context.codingPath))\" is not of the expected type (\(type))"
        case let .valueNotFound(type, context):
            return "\"\(key(context.codingPath))\" is null, expected \(type)"
        case let .keyNotFound(codingKey, _):
            return "missing \"\(codingKey.stringValue)\""
        case let .dataCorrupted(context):
            return "\"\(key(context.codingPath))\": \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// The name the BERT-only code used; every family is an `EncoderConfiguration` now.
public typealias BertConfiguration = EncoderConfiguration

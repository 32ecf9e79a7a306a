import Foundation

/// The hyper-parameters of a BERT encoder, as written in a Hugging Face `config.json`.
///
/// Missing keys take the `BertConfig` defaults of transformers (bert-base). Only what this
/// forward pass computes is accepted: model type BERT, exact-erf `gelu`, absolute positions.
public struct BertConfiguration: Decodable, Sendable, Equatable {
    /// Width of every token state (H).
    public let hiddenSize: Int
    /// Number of encoder layers.
    public let numHiddenLayers: Int
    /// Number of attention heads; each head sees `hiddenSize / numAttentionHeads` dimensions.
    public let numAttentionHeads: Int
    /// Width of the feed-forward layer inside each encoder layer.
    public let intermediateSize: Int
    /// Longest sequence (in tokens, [CLS]/[SEP] included) the position table covers.
    public let maxPositionEmbeddings: Int
    /// Rows of the token-type table (every token uses type 0 here).
    public let typeVocabSize: Int
    /// Rows of the word-embedding table; valid ids are `0 ..< vocabSize`.
    public let vocabSize: Int
    /// Epsilon added to the variance in every LayerNorm.
    public let layerNormEps: Double
    /// Feed-forward activation; only `gelu` (exact, with erf).
    public let hiddenAct: String
    /// `model_type` as written, if present; must be `bert`.
    public let modelType: String?
    /// `architectures` as written, if present; each must be a BERT class (`BertModel`, …).
    public let architectures: [String]?
    /// Only `absolute`.
    public let positionEmbeddingType: String

    /// Dimensions per attention head.
    public var headSize: Int { hiddenSize / numAttentionHeads }

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case maxPositionEmbeddings = "max_position_embeddings"
        case typeVocabSize = "type_vocab_size"
        case vocabSize = "vocab_size"
        case layerNormEps = "layer_norm_eps"
        case hiddenAct = "hidden_act"
        case modelType = "model_type"
        case architectures
        case positionEmbeddingType = "position_embedding_type"
    }

    /// A validated configuration; defaults are those of bert-base.
    public init(
        hiddenSize: Int = 768, numHiddenLayers: Int = 12, numAttentionHeads: Int = 12,
        intermediateSize: Int = 3072, maxPositionEmbeddings: Int = 512, typeVocabSize: Int = 2,
        vocabSize: Int = 30522, layerNormEps: Double = 1e-12, hiddenAct: String = "gelu",
        modelType: String? = "bert", architectures: [String]? = nil,
        positionEmbeddingType: String = "absolute"
    ) throws {
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.intermediateSize = intermediateSize
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.typeVocabSize = typeVocabSize
        self.vocabSize = vocabSize
        self.layerNormEps = layerNormEps
        self.hiddenAct = hiddenAct
        self.modelType = modelType
        self.architectures = architectures
        self.positionEmbeddingType = positionEmbeddingType
        try validate()
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Sizes are decoded as Double: Foundation's JSONDecoder reports an Int that does not
        // fit (1e30, 1.5) as "not valid JSON" for the whole file, without naming the key.
        func size(_ key: CodingKeys, default value: Int) throws -> Int {
            guard let number = try container.decodeIfPresent(Double.self, forKey: key) else { return value }
            guard let whole = Int(exactly: number) else {
                throw InferenceError.invalidConfiguration(
                    file: "config.json", reason: "\(key.rawValue) \(number) is not a 64-bit integer")
            }
            return whole
        }
        try self.init(
            hiddenSize: size(.hiddenSize, default: 768),
            numHiddenLayers: size(.numHiddenLayers, default: 12),
            numAttentionHeads: size(.numAttentionHeads, default: 12),
            intermediateSize: size(.intermediateSize, default: 3072),
            maxPositionEmbeddings: size(.maxPositionEmbeddings, default: 512),
            typeVocabSize: size(.typeVocabSize, default: 2),
            vocabSize: size(.vocabSize, default: 30522),
            layerNormEps: container.decodeIfPresent(Double.self, forKey: .layerNormEps) ?? 1e-12,
            hiddenAct: container.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu",
            modelType: container.decodeIfPresent(String.self, forKey: .modelType),
            architectures: container.decodeIfPresent([String].self, forKey: .architectures),
            positionEmbeddingType: container.decodeIfPresent(String.self, forKey: .positionEmbeddingType) ?? "absolute")
    }

    /// Reads and validates `config.json` at `url`; every error names the file.
    /// `recordRead` is called with `url` and the exact bytes decoded.
    public static func load(from url: URL, recordRead: (URL, [UInt8]) -> Void = { _, _ in }) throws -> BertConfiguration {
        let fileName = url.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InferenceError.unreadableFile(file: fileName, reason: error.localizedDescription)
        }
        recordRead(url, [UInt8](data))
        do {
            return try JSONDecoder().decode(BertConfiguration.self, from: data)
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
        if let modelType, modelType != "bert" {
            throw InferenceError.unsupportedArchitecture(modelType)
        }
        // BertForMaskedLM and friends wrap a BertModel (their tensors carry the `bert.` prefix).
        if let foreign = architectures?.first(where: { !$0.hasPrefix("Bert") }) {
            throw InferenceError.unsupportedArchitecture(foreign)
        }
        guard hiddenAct == "gelu" else { throw InferenceError.unsupportedActivation(hiddenAct) }
        guard positionEmbeddingType == "absolute" else {
            throw InferenceError.unsupportedPositionEmbedding(positionEmbeddingType)
        }
        let sizes: [(String, Int)] = [
            ("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
            ("num_attention_heads", numAttentionHeads), ("intermediate_size", intermediateSize),
            ("max_position_embeddings", maxPositionEmbeddings), ("type_vocab_size", typeVocabSize),
            ("vocab_size", vocabSize),
        ]
        for (key, value) in sizes where value <= 0 {
            throw InferenceError.invalidConfiguration(file: "config.json", reason: "\(key) is \(value), must be positive")
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

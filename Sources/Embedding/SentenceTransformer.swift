import Foundation
import Inference
import Tokenization

/// A sentence-transformers model (Transformer → Pooling → any Dense and Normalize modules),
/// loaded from its directory: the Swift counterpart of
/// `SentenceTransformer(path).encode(sentences, prompt_name=…)`.
public final class SentenceTransformer: Sendable {
    public let directory: URL
    /// The directory's name, e.g. "all-MiniLM-L6-v2".
    public let name: String
    public let tokenizer: Tokenizer
    public let model: BertModel
    public let pooling: Pooling
    /// The modules after Pooling, in modules.json's order.
    public let modules: [SentenceModule]
    /// Whether the sentence vectors are unit length (the last module is Normalize).
    public let normalizes: Bool
    /// How two sentence vectors are scored (`similarity_fn_name`, cosine when unset).
    public let similarityFunction: SimilarityFunction
    /// Longest token sequence, the template's special tokens included; longer texts are truncated.
    public let maxSequenceLength: Int
    /// Length of the sentence vectors (after Pooling and the Dense modules).
    public let dimension: Int
    /// Length of the pooled vector, before any Dense module.
    public let pooledDimension: Int
    /// SHA-256 (hex) of every tokenizer and configuration file read, by path relative to
    /// the model directory; the weights file is hashed apart (see `weightsFile`).
    public let fileDigests: [String: String]
    private let lowercasesInput: Bool
    private let transformerFolder: URL
    private let prompts: ModelPrompts

    /// - Parameter threadCount: how many threads one encoding call spreads its work over.
    /// - Parameter precision: the arithmetic of the encoder's linear layers (int8: dynamic
    ///   quantization, faster, slightly different vectors, fingerprinted apart).
    public init(
        modelDirectory: URL, threadCount: Int = BertModel.defaultThreadCount, precision: EncoderPrecision = .float32
    ) throws {
        // Every loader reports the files it reads, so the fingerprint covers exactly those.
        let files = ModelFileDigests(root: modelDirectory)
        let layout = try ModelDirectory.open(modelDirectory, record: files.record)
        let tokenizer = try Tokenizer.load(directory: layout.transformerFolder, recordRead: files.record)
        let model = try BertModel.load(
            directory: layout.transformerFolder, threadCount: threadCount, precision: precision, recordRead: files.record)
        let hidden = model.configuration.hiddenSize
        if let declared = layout.pooling.dimension, declared != hidden {
            throw EmbeddingError.dimensionMismatch(
                path: layout.root.appendingPathComponent("modules.json").path, pooling: declared, model: hidden)
        }
        // Each Dense must take the vector the module before it gives.
        let pooledDimension = layout.pooling.pooling.outputDimension(hidden: hidden)
        var dimension = pooledDimension
        for module in layout.modules {
            guard case let .dense(layer) = module else { continue }
            guard layer.inFeatures == dimension else {
                throw EmbeddingError.invalidField(
                    path: layer.configPath, field: "in_features",
                    reason: "is \(layer.inFeatures), but the module before it gives \(dimension)-dimensional vectors")
            }
            dimension = layer.outFeatures
        }
        let positions = model.configuration.maximumSequenceLength
        // As sentence-transformers: the declared max_seq_length, else the tokenizer's
        // model_max_length; never more than the position table holds.
        let wanted = layout.declaredMaxSequenceLength ?? tokenizer.modelMaxLength ?? positions
        self.directory = modelDirectory
        self.name = modelDirectory.standardizedFileURL.lastPathComponent
        self.tokenizer = tokenizer
        self.model = model
        self.pooling = layout.pooling.pooling
        self.modules = layout.modules
        if case .normalize? = layout.modules.last { self.normalizes = true } else { self.normalizes = false }
        self.similarityFunction = layout.prompts.similarity
        self.maxSequenceLength = max(2, min(wanted, positions))
        self.dimension = dimension
        self.pooledDimension = pooledDimension
        self.lowercasesInput = layout.lowercasesInput
        self.transformerFolder = layout.transformerFolder
        self.prompts = layout.prompts
        self.fileDigests = files.digests
    }

    /// The weights file, for model fingerprints.
    public var weightsFile: URL { transformerFolder.appendingPathComponent("model.safetensors") }

    /// The architecture's `model_type` (config.json), e.g. "bert".
    public var modelFamily: String { model.configuration.architecture.modelType }

    /// Every prompt the model defines, by name in file order.
    public var promptNames: [String] { prompts.names }

    /// The prompt `choice` selects; an unknown name is an error naming the config file.
    public func resolvePrompt(_ choice: PromptChoice) throws -> ResolvedPrompt {
        try prompts.resolve(choice)
    }

    /// The prompt for corpus items when none is asked for: the model's "document", else
    /// "passage", else "corpus" prompt (as `encode_document`), else the default.
    public var documentPromptChoice: PromptChoice {
        prompts.documentPromptName.map(PromptChoice.named) ?? .modelDefault
    }

    /// The prompt for queries when none is asked for: the model's "query" prompt (as
    /// `encode_query`), else the default.
    public var queryPromptChoice: PromptChoice {
        prompts.queryPromptName.map(PromptChoice.named) ?? .modelDefault
    }

    /// Everything but the weights that changes a vector, as stable strings (for fingerprints):
    /// the SHA-256 of every file read ("file <path>"), plus a readable summary of what they say.
    /// Components only appear when they differ from the plain Transformer → Pooling (→ Normalize)
    /// pipeline, so the fingerprints of such models stay what they were.
    public func fingerprintComponents() -> [String: String] {
        let c = model.configuration
        var poolingName = pooling.name
        if !pooling.includesPrompt { poolingName += " include_prompt=false" }
        var components = [
            "architecture": "\(c.architecture.modelType) hidden=\(c.hiddenSize) layers=\(c.numHiddenLayers) heads=\(c.numAttentionHeads) intermediate=\(c.intermediateSize) positions=\(c.maxPositionEmbeddings) eps=\(c.layerNormEps)",
            "tokenizer": "\(tokenizer.settings) vocabulary=\(tokenizer.vocabularySize) lowercase_input=\(lowercasesInput)",
            "max_seq_length": String(maxSequenceLength),
            "pooling": poolingName,
            "normalize": String(normalizes),
        ]
        let plain = modules.isEmpty || (modules.count == 1 && normalizes)
        if !plain { components["modules"] = modules.map(\.summary).joined(separator: " → ") }
        // Absent for float32, so float32 keys stay what they were; int8 vectors never share them.
        if model.precision != .float32 { components[Self.precisionComponent] = model.precision.scheme }
        for (path, digest) in fileDigests { components["file \(path)"] = digest }
        return components
    }

    /// The fingerprint component naming a quantized encoder's precision.
    public static let precisionComponent = "encoder_precision"

    /// Tokenizes as the model does before encoding (truncation included).
    public func tokenize(_ text: String) -> TokenizedText {
        tokenizer.tokenize(lowercasesInput ? text.lowercased() : text, maxLength: maxSequenceLength)
    }

    /// How many leading tokens of a prompted text the prompt takes, as sentence-transformers
    /// counts it: the prompt tokenized alone, minus its trailing special token.
    public func promptTokenCount(_ prompt: String) -> Int {
        guard !prompt.isEmpty else { return 0 }
        let tokens = tokenize(prompt).tokens
        return tokens.last?.isSpecial == true ? tokens.count - 1 : tokens.count
    }

    /// Sentence vectors `[texts][dimension]` in input order.
    public func encode(_ texts: [String], prompt: PromptChoice = .modelDefault, batchSize: Int = 32) throws -> [[Float]] {
        try encodeWithStates(texts, prompt: prompt, batchSize: batchSize).map(\.embedding)
    }

    /// Tokens, last-layer states and sentence vector for each text, in input order.
    /// The forward pass packs only real tokens, so a text's vector does not depend on its batch.
    /// - Throws: `EmbeddingError.unknownPrompt` for a prompt name the model does not define;
    ///   `EmbeddingError.nonFiniteOutput` rather than return a NaN or infinite value.
    public func encodeWithStates(_ texts: [String], prompt: PromptChoice = .modelDefault,
                                 batchSize: Int = 32) throws -> [EncodedText] {
        let resolved = try resolvePrompt(prompt)
        // The prompt's tokens are fed to the model; with include_prompt false, left out of pooling.
        let excluded = pooling.includesPrompt ? 0 : promptTokenCount(resolved.text)
        let batchSize = max(1, batchSize)
        var results: [EncodedText] = []
        results.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let batch = texts[start..<min(start + batchSize, texts.count)].map { tokenize(resolved.text + $0) }
            let states = try model.encode(batch.map(\.ids))
            for (tokenized, tokenStates) in zip(batch, states) {
                let pooled = pooling.pool(tokenStates, excludingFirst: excluded)
                let embedding = modules.reduce(pooled) { $1.apply($0) }
                // Never hand out NaN or infinity as if it were a vector.
                guard embedding.allSatisfy(\.isFinite), pooled.allSatisfy(\.isFinite), tokenStates.values.allSatisfy(\.isFinite) else {
                    // max pooling over nothing is -inf: say that the prompt filled the sequence,
                    // not that the weights are broken.
                    if excluded >= tokenStates.tokenCount {
                        throw EmbeddingError.promptLeavesNothingToPool(
                            model: name, index: results.count, prompt: resolved.text, maxSequenceLength: maxSequenceLength)
                    }
                    throw EmbeddingError.nonFiniteOutput(model: name, index: results.count)
                }
                results.append(EncodedText(
                    tokenized: tokenized, states: tokenStates, prompt: resolved,
                    excludedTokenCount: excluded, pooled: pooled, embedding: embedding))
            }
            start += batchSize
        }
        return results
    }
}

import Foundation
import Inference
import Tokenization

/// A sentence-transformers model (Transformer → Pooling → optional Normalize), loaded from
/// its directory: the Swift counterpart of `SentenceTransformer(path).encode(sentences)`.
public final class SentenceTransformer: Sendable {
    public let directory: URL
    /// The directory's name, e.g. "all-MiniLM-L6-v2".
    public let name: String
    public let tokenizer: Tokenizer
    public let model: BertModel
    public let pooling: PoolingMode
    public let normalizes: Bool
    /// Longest token sequence, [CLS] and [SEP] included; longer texts are truncated.
    public let maxSequenceLength: Int
    /// Length of the sentence vectors.
    public let dimension: Int
    /// SHA-256 (hex) of every tokenizer and configuration file read, by path relative to
    /// the model directory; the weights file is hashed apart (see `weightsFile`).
    public let fileDigests: [String: String]
    private let lowercasesInput: Bool
    private let transformerFolder: URL

    /// - Parameter threadCount: how many threads one encoding call spreads its work over.
    public init(modelDirectory: URL, threadCount: Int = BertModel.defaultThreadCount) throws {
        // Every loader reports the files it reads, so the fingerprint covers exactly those.
        let files = ModelFileDigests(root: modelDirectory)
        let layout = try ModelDirectory.open(modelDirectory, record: files.record)
        let tokenizer = try Tokenizer.load(directory: layout.transformerFolder, recordRead: files.record)
        let model = try BertModel.load(directory: layout.transformerFolder, threadCount: threadCount, recordRead: files.record)
        let hidden = model.configuration.hiddenSize
        if let declared = layout.pooling.dimension, declared != hidden {
            throw EmbeddingError.dimensionMismatch(
                path: layout.root.appendingPathComponent("modules.json").path, pooling: declared, model: hidden)
        }
        let positions = model.configuration.maximumSequenceLength
        // As sentence-transformers: the declared max_seq_length, else the tokenizer's
        // model_max_length; never more than the position table holds.
        let wanted = layout.declaredMaxSequenceLength ?? tokenizer.modelMaxLength ?? positions
        self.directory = modelDirectory
        self.name = modelDirectory.standardizedFileURL.lastPathComponent
        self.tokenizer = tokenizer
        self.model = model
        self.pooling = layout.pooling.mode
        self.normalizes = layout.normalizes
        self.maxSequenceLength = max(2, min(wanted, positions))
        self.dimension = hidden
        self.lowercasesInput = layout.lowercasesInput
        self.transformerFolder = layout.transformerFolder
        self.fileDigests = files.digests
    }

    /// The weights file, for model fingerprints.
    public var weightsFile: URL { transformerFolder.appendingPathComponent("model.safetensors") }

    /// Everything but the weights that changes a vector, as stable strings (for fingerprints):
    /// the SHA-256 of every file read ("file <path>"), plus a readable summary of what they say.
    public func fingerprintComponents() -> [String: String] {
        let c = model.configuration
        var components = [
            "architecture": "\(c.architecture.modelType) hidden=\(c.hiddenSize) layers=\(c.numHiddenLayers) heads=\(c.numAttentionHeads) intermediate=\(c.intermediateSize) positions=\(c.maxPositionEmbeddings) eps=\(c.layerNormEps)",
            "tokenizer": "\(tokenizer.settings) vocabulary=\(tokenizer.vocabularySize) lowercase_input=\(lowercasesInput)",
            "max_seq_length": String(maxSequenceLength),
            "pooling": pooling.rawValue,
            "normalize": String(normalizes),
        ]
        for (path, digest) in fileDigests { components["file \(path)"] = digest }
        return components
    }

    /// Tokenizes as the model does before encoding (truncation included).
    public func tokenize(_ text: String) -> TokenizedText {
        tokenizer.tokenize(lowercasesInput ? text.lowercased() : text, maxLength: maxSequenceLength)
    }

    /// Sentence vectors `[texts][dimension]` in input order.
    public func encode(_ texts: [String], batchSize: Int = 32) throws -> [[Float]] {
        try encodeWithStates(texts, batchSize: batchSize).map(\.embedding)
    }

    /// Tokens, last-layer states and sentence vector for each text, in input order.
    /// The forward pass packs only real tokens, so a text's vector does not depend on its batch.
    /// - Throws: `EmbeddingError.nonFiniteOutput` rather than return a NaN or infinite value.
    public func encodeWithStates(_ texts: [String], batchSize: Int = 32) throws -> [EncodedText] {
        let batchSize = max(1, batchSize)
        var results: [EncodedText] = []
        results.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let batch = texts[start..<min(start + batchSize, texts.count)].map(tokenize)
            let states = try model.encode(batch.map(\.ids))
            for (tokenized, tokenStates) in zip(batch, states) {
                let pooled = pooling.pool(tokenStates)
                // Never hand out NaN or infinity as if it were a vector.
                guard pooled.allSatisfy(\.isFinite), tokenStates.values.allSatisfy(\.isFinite) else {
                    throw EmbeddingError.nonFiniteOutput(model: name, index: results.count)
                }
                results.append(EncodedText(
                    tokenized: tokenized, states: tokenStates,
                    embedding: normalizes ? VectorMath.normalized(pooled) : pooled))
            }
            start += batchSize
        }
        return results
    }
}

import Foundation

/// A tokenizer.json with a `BPE` model (RoBERTa/GPT-2 byte-level BPE, or BPE over
/// Whitespace/Split/Punctuation/Digits pieces) giving the tokenizers library's ids and offsets.
public struct BPETokenizer: Sendable {
    /// `model_max_length` from tokenizer_config.json, when present and a real limit.
    public let modelMaxLength: Int?
    /// The id of tokenizer_config.json's `pad_token`, when it names a token.
    public let padId: Int32?
    private let pipeline: BPEPipeline

    /// Loads `tokenizer.json` (and tokenizer_config.json when present) from a model directory.
    public static func load(directory: URL) throws -> BPETokenizer {
        try loadTyped(directory: directory, recordRead: { _, _ in })
    }

    /// As `load(directory:)`, calling `recordRead` with every file read and the bytes parsed.
    public static func load(directory: URL, recordRead: (URL, [UInt8]) -> Void) throws -> BPETokenizer {
        try loadTyped(directory: directory, recordRead: recordRead)
    }

    private static func loadTyped(directory: URL, recordRead: (URL, [UInt8]) -> Void) throws(TokenizationError) -> BPETokenizer {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingDirectory(path: directory.path)
        }
        let configuration = try TokenizerConfiguration.read(directory: directory, recordRead: recordRead)
        let url = directory.appendingPathComponent(TokenizerJSONReader.fileName)
        guard TokenizerFile.exists(url) else { throw .missingTokenizerFiles(directory: directory.path) }
        let pipeline = try BPETokenizerJSONReader.read(try JSONDocument.read(url, recordRead: recordRead))
        let padId = configuration.tokenNames[.padding].flatMap { name in
            pipeline.addedTokens.first { $0.content.unicodeScalars.elementsEqual(name.unicodeScalars) }?.id ?? pipeline.model.id(for: name)
        }
        return BPETokenizer(modelMaxLength: configuration.modelMaxLength, padId: padId, pipeline: pipeline)
    }

    /// Tokenizes `text` as `tokenizer(text, truncation=True, max_length=maxLength)` does, the
    /// post-processor's tokens included in `maxLength`; the rest go to `truncatedTokens`.
    public func tokenize(_ text: String, maxLength: Int) -> TokenizedText {
        pipeline.tokenize(text, maxLength: maxLength)
    }

    /// The id of `token`: added tokens first, then the vocabulary (compared scalar by scalar).
    public func id(for token: String) -> Int32? {
        if let added = pipeline.addedTokens.first(where: { $0.content.unicodeScalars.elementsEqual(token.unicodeScalars) }) {
            return added.id
        }
        return pipeline.model.id(for: token)
    }

    /// The vocabulary entry (or added token) with this id.
    public func token(for id: Int32) -> String? {
        pipeline.addedTokens.first { $0.id == id }?.content ?? pipeline.model.token(for: id)
    }
}

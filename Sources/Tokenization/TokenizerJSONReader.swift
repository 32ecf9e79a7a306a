import Foundation
import StrictJSON

/// Reads a HF `tokenizer.json` into its pipeline: each stage is chosen by its section's `type`
/// (the model by `model.type`); a missing or null normalizer, pre-tokenizer or post-processor
/// is skipped, as in the library.
enum TokenizerJSONReader {
    static let fileName = "tokenizer.json"
    private static let idRange = ModelReader.idRange

    static func read(_ url: URL, configuration: TokenizerConfiguration,
                     recordRead: (URL, [UInt8]) -> Void) throws(TokenizationError) -> TokenizerComponents {
        let document = try JSONDocument.read(url, recordRead: recordRead)
        guard case .object = document.root else {
            throw .invalidField(file: document.file, field: "the top level", reason: "must be an object, not \(document.root.kindName)")
        }
        guard let modelSection = document.root["model"], !modelSection.isNull else {
            throw .missingField(file: document.file, field: "model")
        }
        let model = try ModelReader.read(modelSection, field: "model", in: document)
        let normalizer = try optionalSection("normalizer", document, NormalizerReader.read)
        let preTokenizer = try optionalSection("pre_tokenizer", document, PreTokenizerReader.read)
        let postProcessor = try optionalSection("post_processor", document, PostProcessorReader.read)
        let addedTokens = try readAddedTokens(document)
        let paddingId = try readPaddingId(document, configuration: configuration, addedTokens: addedTokens, model: model)
        let settings = (normalizer as? BertNormalizer)?.settings
            ?? TokenizerSettings(lowercase: false, stripAccents: false, handleChineseChars: false, cleanText: false)
        return TokenizerComponents(normalizer: normalizer, preTokenizer: preTokenizer, model: model,
                                   postProcessor: postProcessor, addedTokens: addedTokens, settings: settings,
                                   paddingId: paddingId, modelMaxLength: configuration.modelMaxLength)
    }

    private static func optionalSection<Stage>(
        _ name: String, _ document: JSONDocument,
        _ read: (JSONValue, String, JSONDocument) throws(TokenizationError) -> Stage
    ) throws(TokenizationError) -> Stage? {
        guard let section = document.root[name], !section.isNull else { return nil }
        return try read(section, name, document)
    }

    private static func readAddedTokens(_ document: JSONDocument) throws(TokenizationError) -> [AddedToken] {
        guard let elements = try document.array(document.root["added_tokens"], field: "added_tokens") else { return [] }
        var tokens: [AddedToken] = []
        for (index, element) in elements.enumerated() {
            let field = "added_tokens[\(index)]"
            guard let id = try document.integer(element["id"], field: field + ".id", in: idRange) else {
                throw .missingField(file: document.file, field: field + ".id")
            }
            let token = try AddedTokenReader.read(element, id: Int32(id), field: field, in: document)
            // HF ignores empty tokens.
            if !token.content.isEmpty { tokens.append(token) }
        }
        return tokens
    }

    /// The padding id: tokenizer_config.json's pad_token, else the `padding` section, else "[PAD]" or "<pad>".
    private static func readPaddingId(_ document: JSONDocument, configuration: TokenizerConfiguration,
                                      addedTokens: [AddedToken], model: any TokenizationModel) throws(TokenizationError) -> Int32 {
        if let name = configuration.tokenNames[.padding],
           let id = TokenizerComponents.id(for: name, addedTokens: addedTokens, model: model) {
            return id
        }
        if let padding = document.root["padding"], !padding.isNull,
           let id = try document.integer(padding["pad_id"], field: "padding.pad_id", in: idRange) {
            return Int32(id)
        }
        // The BERT spelling, then the SentencePiece/RoBERTa one.
        let name = TokenizerConfiguration.Role.padding.defaultContent
        for candidate in [name, "<pad>"] {
            if let id = TokenizerComponents.id(for: candidate, addedTokens: addedTokens, model: model) { return id }
        }
        throw .missingToken(file: document.file, role: "pad token", token: name)
    }
}

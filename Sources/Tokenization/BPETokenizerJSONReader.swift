import Foundation
import StrictJSON

/// Reads a tokenizer.json whose model is `BPE` into a `BPEPipeline`: no normalizer, the
/// pre-tokenizers `BPEPreTokenizerReader` knows (alone or in a `Sequence`, ByteLevel last),
/// and a `RobertaProcessing`, `ByteLevel` or no post-processor.
enum BPETokenizerJSONReader {
    private static let idRange = 0...Int(Int32.max)

    static func read(_ document: JSONDocument) throws(TokenizationError) -> BPEPipeline {
        guard case .object = document.root else {
            throw .invalidField(file: document.file, field: "the top level", reason: "must be an object, not \(document.root.kindName)")
        }
        guard let model = document.root["model"], !model.isNull else { throw .missingField(file: document.file, field: "model") }
        let type = try document.string(model["type"], field: "model.type")
        guard type == "BPE" else {
            throw .unsupported(file: document.file, field: "model.type", value: type.map(TokenizationError.quote) ?? model.kindName,
                               expected: "BPE")
        }
        let bpe = try BPEModelReader.read(model, in: document)
        if let normalizer = document.root["normalizer"], !normalizer.isNull {
            let name = try document.string(normalizer["type"], field: "normalizer.type")
            throw .unsupported(file: document.file, field: "normalizer.type", value: name.map(TokenizationError.quote) ?? normalizer.kindName,
                               expected: "no normalizer")
        }
        let (splitters, byteLevel) = try readPreTokenizers(document)
        let (trimmer, classifier, separator) = try readPostProcessor(document)
        return BPEPipeline(model: bpe, splitters: splitters, byteLevel: byteLevel, trimmer: trimmer,
                           classifier: classifier, separator: separator, addedTokens: try readAddedTokens(document))
    }

    private static func readPreTokenizers(_ document: JSONDocument) throws(TokenizationError) -> ([any SplittingPreTokenizer], ByteLevelPreTokenizer?) {
        guard let section = document.root["pre_tokenizer"], !section.isNull else { return ([], nil) }
        var steps: [(JSONValue, String)] = [(section, "pre_tokenizer")]
        if try document.string(section["type"], field: "pre_tokenizer.type") == "Sequence" {
            guard let elements = try document.array(section["pretokenizers"], field: "pre_tokenizer.pretokenizers") else {
                throw .missingField(file: document.file, field: "pre_tokenizer.pretokenizers")
            }
            steps = elements.enumerated().map { ($0.element, "pre_tokenizer.pretokenizers[\($0.offset)]") }
        }
        var splitters: [any SplittingPreTokenizer] = []
        var byteLevel: ByteLevelPreTokenizer?
        for (value, field) in steps {
            guard let step = try BPEPreTokenizerReader.read(value, field: field, in: document) else {
                let name = try document.string(value["type"], field: field + ".type")
                throw .unsupported(file: document.file, field: field + ".type", value: name.map(TokenizationError.quote) ?? value.kindName,
                                   expected: BPEPreTokenizerReader.typeNames.joined(separator: ", "))
            }
            if byteLevel != nil {
                throw .unsupported(file: document.file, field: field, value: "a pre-tokenizer after ByteLevel",
                                   expected: "ByteLevel last")
            }
            switch step {
            case let .splitting(splitter): splitters.append(splitter)
            case let .byteLevel(settings): byteLevel = settings
            }
        }
        return (splitters, byteLevel)
    }

    private static func readPostProcessor(_ document: JSONDocument) throws(TokenizationError) -> (ByteLevelOffsetTrimmer?, VocabularyEntry?, VocabularyEntry?) {
        guard let processor = document.root["post_processor"], !processor.isNull else { return (nil, nil, nil) }
        let type = try document.string(processor["type"], field: "post_processor.type")
        let trims = try document.bool(processor["trim_offsets"], field: "post_processor.trim_offsets") ?? true
        let addsPrefixSpace = try document.bool(processor["add_prefix_space"], field: "post_processor.add_prefix_space") ?? true
        let trimmer = trims ? ByteLevelOffsetTrimmer(addsPrefixSpace: addsPrefixSpace) : nil
        switch type {
        case "RobertaProcessing":
            return (trimmer, try readPair(processor["cls"], field: "post_processor.cls", document),
                    try readPair(processor["sep"], field: "post_processor.sep", document))
        case "ByteLevel":
            return (trimmer, nil, nil)
        default:
            throw .unsupported(file: document.file, field: "post_processor.type", value: type.map(TokenizationError.quote) ?? processor.kindName,
                               expected: "RobertaProcessing or ByteLevel")
        }
    }

    /// A `["<s>", 0]` pair.
    private static func readPair(_ value: JSONValue?, field: String, _ document: JSONDocument) throws(TokenizationError) -> VocabularyEntry {
        guard let pair = try document.array(value, field: field) else { throw .missingField(file: document.file, field: field) }
        guard pair.count == 2, let text = pair[0].stringValue,
              let id = try document.integer(pair[1], field: field + "[1]", in: idRange) else {
            throw .invalidField(file: document.file, field: field, reason: "must be [token, id]")
        }
        return VocabularyEntry(id: Int32(id), text: text)
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
            if !token.content.isEmpty { tokens.append(token) }
        }
        return tokens
    }
}

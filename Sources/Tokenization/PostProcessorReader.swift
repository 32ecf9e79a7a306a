import StrictJSON

/// Builds the post-processor a tokenizer.json `post_processor` section describes, by its `type`.
enum PostProcessorReader {
    static let supportedTypes = ["TemplateProcessing", "BertProcessing", "RobertaProcessing", "ByteLevel", "Sequence"]
    private static let idRange = ModelReader.idRange

    static func read(_ value: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) -> any PostProcessor {
        let type = try document.stageType(value, field: field)
        switch type {
        case "TemplateProcessing":
            return try readTemplate(value, field: field, in: document)
        case "BertProcessing":
            return TemplateProcessing(prefix: [try readPair(value["cls"], field: field + ".cls", document)],
                                      suffix: [try readPair(value["sep"], field: field + ".sep", document)])
        case "RobertaProcessing":
            let template = TemplateProcessing(prefix: [try readPair(value["cls"], field: field + ".cls", document)],
                                              suffix: [try readPair(value["sep"], field: field + ".sep", document)])
            return RobertaProcessing(template: template,
                                     trimOffsets: try document.bool(value["trim_offsets"], field: field + ".trim_offsets") ?? true,
                                     addPrefixSpace: try document.bool(value["add_prefix_space"], field: field + ".add_prefix_space") ?? true)
        case "ByteLevel":
            return ByteLevelProcessing(trimOffsets: try document.bool(value["trim_offsets"], field: field + ".trim_offsets") ?? true,
                                       addPrefixSpace: try document.bool(value["add_prefix_space"], field: field + ".add_prefix_space") ?? true)
        case "Sequence":
            let members = try document.members(value["processors"], field: field + ".processors")
            var processors: [any PostProcessor] = []
            for (index, member) in members.enumerated() {
                processors.append(try read(member, field: "\(field).processors[\(index)]", in: document))
            }
            return PostProcessorSequence(processors: processors)
        default:
            throw document.unsupportedType(type, field: field, expected: supportedTypes)
        }
    }

    /// The `single` template: special tokens before and after exactly one `$A`.
    private static func readTemplate(_ processor: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) -> TemplateProcessing {
        let singleField = field + ".single"
        guard let single = try document.array(processor["single"], field: singleField) else {
            throw .missingField(file: document.file, field: singleField)
        }
        var prefix: [VocabularyEntry] = []
        var suffix: [VocabularyEntry] = []
        var sawSequence = false
        for (index, piece) in single.enumerated() {
            let pieceField = "\(singleField)[\(index)]"
            if let sequence = piece["Sequence"] {
                let id = try document.string(sequence["id"], field: pieceField + ".Sequence.id")
                guard id == "A", !sawSequence else {
                    throw .unsupported(file: document.file, field: pieceField + ".Sequence.id",
                                       value: id.map(TokenizationError.quote) ?? "null", expected: "one \"A\" in a single template")
                }
                sawSequence = true
            } else if let special = piece["SpecialToken"] {
                guard let name = try document.string(special["id"], field: pieceField + ".SpecialToken.id") else {
                    throw .missingField(file: document.file, field: pieceField + ".SpecialToken.id")
                }
                let entries = try specialTokenEntries(name, processor, field: field, document)
                if sawSequence { suffix += entries } else { prefix += entries }
            } else {
                throw .invalidField(file: document.file, field: pieceField, reason: "must be a Sequence or a SpecialToken")
            }
        }
        guard sawSequence else {
            throw .invalidField(file: document.file, field: singleField, reason: "has no Sequence \"A\"")
        }
        return TemplateProcessing(prefix: prefix, suffix: suffix)
    }

    /// Every (id, token) pair a template special token stands for.
    private static func specialTokenEntries(_ name: String, _ processor: JSONValue, field: String,
                                            _ document: JSONDocument) throws(TokenizationError) -> [VocabularyEntry] {
        let tokenField = "\(field).special_tokens.\(TokenizationError.quote(name))"
        guard let special = processor["special_tokens"]?[name] else { throw .missingField(file: document.file, field: tokenField) }
        let ids = try document.array(special["ids"], field: tokenField + ".ids") ?? []
        let tokens = try document.array(special["tokens"], field: tokenField + ".tokens") ?? []
        guard !ids.isEmpty, ids.count == tokens.count else {
            throw .invalidField(file: document.file, field: tokenField,
                                reason: "must have as many ids as tokens, at least one (\(ids.count) ids, \(tokens.count) tokens)")
        }
        var entries: [VocabularyEntry] = []
        for (index, (id, token)) in zip(ids, tokens).enumerated() {
            guard let id = try document.integer(id, field: "\(tokenField).ids[\(index)]", in: idRange) else {
                throw .missingField(file: document.file, field: "\(tokenField).ids[\(index)]")
            }
            guard let text = try document.string(token, field: "\(tokenField).tokens[\(index)]") else {
                throw .missingField(file: document.file, field: "\(tokenField).tokens[\(index)]")
            }
            entries.append(VocabularyEntry(id: Int32(id), text: text))
        }
        return entries
    }

    /// A BertProcessing/RobertaProcessing `["[CLS]", 101]` pair.
    private static func readPair(_ value: JSONValue?, field: String, _ document: JSONDocument) throws(TokenizationError) -> VocabularyEntry {
        guard let pair = try document.array(value, field: field) else { throw .missingField(file: document.file, field: field) }
        guard pair.count == 2, let text = pair[0].stringValue,
              let id = try document.integer(pair[1], field: field + "[1]", in: idRange) else {
            throw .invalidField(file: document.file, field: field, reason: "must be [token, id]")
        }
        return VocabularyEntry(id: Int32(id), text: text)
    }
}

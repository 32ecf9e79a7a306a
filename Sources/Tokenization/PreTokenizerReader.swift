import StrictJSON

/// Builds the pre-tokenizer a tokenizer.json `pre_tokenizer` section describes, by its `type`.
enum PreTokenizerReader {
    static let supportedTypes = ["BertPreTokenizer", "Metaspace", "WhitespaceSplit", "Sequence"]

    static func read(_ value: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) -> any PreTokenizer {
        let type = try document.stageType(value, field: field)
        switch type {
        case "BertPreTokenizer":
            return BertPreTokenizer()
        case "Metaspace":
            return try MetaspacePreTokenizer(value, field: field, in: document)
        case "WhitespaceSplit":
            return WhitespaceSplitPreTokenizer()
        case "Sequence":
            let members = try document.members(value["pretokenizers"], field: field + ".pretokenizers")
            var preTokenizers: [any PreTokenizer] = []
            for (index, member) in members.enumerated() {
                preTokenizers.append(try read(member, field: "\(field).pretokenizers[\(index)]", in: document))
            }
            return PreTokenizerSequence(preTokenizers: preTokenizers)
        default:
            throw document.unsupportedType(type, field: field, expected: supportedTypes)
        }
    }
}

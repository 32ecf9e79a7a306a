import StrictJSON

/// Reads the pre-tokenizer sections the BPE family brings: `ByteLevel`, `Split`, `Whitespace`,
/// `Punctuation`, `Digits`.
enum BPEPreTokenizerReader {
    static let typeNames = ["ByteLevel", "Split", "Whitespace", "Punctuation", "Digits"]

    /// The pre-tokenizer `value` describes when its `type` is one of `typeNames`; nil for other types.
    static func read(_ value: JSONValue, type: String, field: String, in document: JSONDocument) throws(TokenizationError) -> (any PreTokenizer)? {
        switch type {
        case "ByteLevel":
            return ByteLevelPreTokenizer(
                addsPrefixSpace: try document.bool(value["add_prefix_space"], field: field + ".add_prefix_space") ?? true,
                usesRegex: try document.bool(value["use_regex"], field: field + ".use_regex") ?? true)
        case "Whitespace":
            return WhitespacePreTokenizer()
        case "Punctuation":
            return PunctuationPreTokenizer(
                behavior: try readBehavior(value["behavior"], field: field + ".behavior", in: document) ?? .isolated)
        case "Digits":
            return DigitsPreTokenizer(
                individualDigits: try document.bool(value["individual_digits"], field: field + ".individual_digits") ?? false)
        case "Split":
            return try readSplit(value, field: field, in: document)
        default:
            return nil
        }
    }

    /// `behavior` as the library spells it in JSON (`"Isolated"`, `"MergedWithPrevious"`, …).
    static func readBehavior(_ value: JSONValue?, field: String, in document: JSONDocument) throws(TokenizationError) -> SplitDelimiterBehavior? {
        guard let name = try document.string(value, field: field) else { return nil }
        let byName: [String: SplitDelimiterBehavior] = [
            "Removed": .removed, "Isolated": .isolated, "MergedWithPrevious": .mergedWithPrevious,
            "MergedWithNext": .mergedWithNext, "Contiguous": .contiguous,
        ]
        guard let behavior = byName[name] else {
            throw .unsupported(file: document.file, field: field, value: TokenizationError.quote(name),
                               expected: "Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous")
        }
        return behavior
    }

    private static func readSplit(_ value: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) -> SplitPreTokenizer {
        guard let behavior = try readBehavior(value["behavior"], field: field + ".behavior", in: document) else {
            throw .missingField(file: document.file, field: field + ".behavior")
        }
        guard let invert = try document.bool(value["invert"], field: field + ".invert") else {
            throw .missingField(file: document.file, field: field + ".invert")
        }
        guard let pattern = value["pattern"], try document.object(pattern, field: field + ".pattern") != nil else {
            throw .missingField(file: document.file, field: field + ".pattern")
        }
        if let literal = try document.string(pattern["String"], field: field + ".pattern.String") {
            return SplitPreTokenizer(pattern: .string(Array(literal.unicodeScalars)), behavior: behavior, invert: invert)
        }
        if let source = try document.string(pattern["Regex"], field: field + ".pattern.Regex") {
            do {
                return SplitPreTokenizer(pattern: .regex(try SplitRegex(source)), behavior: behavior, invert: invert)
            } catch {
                throw .invalidField(file: document.file, field: field + ".pattern.Regex", reason: error.reason)
            }
        }
        throw .invalidField(file: document.file, field: field + ".pattern", reason: "must hold a \"String\" or a \"Regex\"")
    }
}

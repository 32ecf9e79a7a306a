import StrictJSON

/// Reads the pre-tokenizer sections the BPE family brings: `ByteLevel`, `Split`, `Whitespace`,
/// `Punctuation`, `Digits`.
enum BPEPreTokenizerReader {
    /// One pre-tokenizer step: splitting, or ByteLevel (which also respells the text).
    enum Step: Sendable {
        case splitting(any SplittingPreTokenizer)
        case byteLevel(ByteLevelPreTokenizer)
    }

    static let typeNames = ["ByteLevel", "Split", "Whitespace", "Punctuation", "Digits"]

    /// The step `value` (an object whose `type` is one of `typeNames`) describes; nil for other types.
    static func read(_ value: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) -> Step? {
        let type = try document.string(value["type"], field: field + ".type")
        switch type {
        case "ByteLevel":
            return .byteLevel(try readByteLevel(value, field: field, in: document))
        case "Whitespace":
            return .splitting(WhitespacePreTokenizer())
        case "Punctuation":
            return .splitting(PunctuationPreTokenizer(
                behavior: try readBehavior(value["behavior"], field: field + ".behavior", in: document) ?? .isolated))
        case "Digits":
            return .splitting(DigitsPreTokenizer(
                individualDigits: try document.bool(value["individual_digits"], field: field + ".individual_digits") ?? false))
        case "Split":
            return .splitting(try readSplit(value, field: field, in: document))
        default:
            return nil
        }
    }

    /// A `ByteLevel` section (pre-tokenizer, post-processor and decoder share its fields).
    static func readByteLevel(_ value: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) -> ByteLevelPreTokenizer {
        ByteLevelPreTokenizer(
            addsPrefixSpace: try document.bool(value["add_prefix_space"], field: field + ".add_prefix_space") ?? true,
            trimsOffsets: try document.bool(value["trim_offsets"], field: field + ".trim_offsets") ?? true,
            usesRegex: try document.bool(value["use_regex"], field: field + ".use_regex") ?? true)
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

import StrictJSON

/// Builds the normalizer a tokenizer.json `normalizer` section describes, by its `type`.
enum NormalizerReader {
    static let supportedTypes = ["BertNormalizer", "Precompiled", "Sequence", "Strip", "Replace", "NFC", "NFD", "NFKC",
                                 "NFKD", "Lowercase", "Prepend"]

    static func read(_ value: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) -> any TextNormalizer {
        let type = try document.stageType(value, field: field)
        switch type {
        case "BertNormalizer":
            return BertNormalizer(settings: try readBertSettings(value, field: field, in: document))
        case "Precompiled":
            return try PrecompiledNormalizer(value, field: field, in: document)
        case "Sequence":
            let members = try document.members(value["normalizers"], field: field + ".normalizers")
            var normalizers: [any TextNormalizer] = []
            for (index, member) in members.enumerated() {
                normalizers.append(try read(member, field: "\(field).normalizers[\(index)]", in: document))
            }
            return NormalizerSequence(normalizers: normalizers)
        case "Strip":
            return StripNormalizer(left: try document.bool(value["strip_left"], field: field + ".strip_left") ?? true,
                                   right: try document.bool(value["strip_right"], field: field + ".strip_right") ?? true)
        case "Replace":
            return try ReplaceNormalizer(value, field: field, in: document)
        case "NFC": return UnicodeFormNormalizer(form: .nfc)
        case "NFD": return UnicodeFormNormalizer(form: .nfd)
        case "NFKC": return UnicodeFormNormalizer(form: .nfkc)
        case "NFKD": return UnicodeFormNormalizer(form: .nfkd)
        case "Lowercase": return LowercaseNormalizer()
        case "Prepend":
            guard let prepend = try document.string(value["prepend"], field: field + ".prepend") else {
                throw .missingField(file: document.file, field: field + ".prepend")
            }
            return PrependNormalizer(prefix: Array(prepend.unicodeScalars))
        default:
            throw document.unsupportedType(type, field: field, expected: supportedTypes)
        }
    }

    /// A BertNormalizer section's settings (HF defaults: everything on; strip_accents null follows lowercase).
    static func readBertSettings(_ value: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) -> TokenizerSettings {
        let lowercase = try document.bool(value["lowercase"], field: field + ".lowercase") ?? true
        return TokenizerSettings(
            lowercase: lowercase,
            stripAccents: try document.bool(value["strip_accents"], field: field + ".strip_accents") ?? lowercase,
            handleChineseChars: try document.bool(value["handle_chinese_chars"], field: field + ".handle_chinese_chars") ?? true,
            cleanText: try document.bool(value["clean_text"], field: field + ".clean_text") ?? true)
    }
}

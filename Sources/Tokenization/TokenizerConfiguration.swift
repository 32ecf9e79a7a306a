import Foundation
import StrictJSON

/// What `tokenizer_config.json` (and, for token names, `special_tokens_map.json`) says, as
/// transformers reads it. Both files are optional.
struct TokenizerConfiguration {
    /// A special-token role and its name when nothing configures it.
    enum Role: String, CaseIterable {
        case unknown = "unk_token", separator = "sep_token", padding = "pad_token"
        case classifier = "cls_token", mask = "mask_token"

        var defaultContent: String {
            switch self {
            case .unknown: "[UNK]"
            case .separator: "[SEP]"
            case .padding: "[PAD]"
            case .classifier: "[CLS]"
            case .mask: "[MASK]"
            }
        }
    }

    /// `model_max_length`; nil when absent or a "no limit" placeholder such as 1e30.
    let modelMaxLength: Int?
    /// `do_lower_case` (transformers' default: true).
    let lowercase: Bool?
    /// `strip_accents`; nil means "same as lowercase".
    let stripAccents: Bool?
    /// `tokenize_chinese_chars` (default true).
    let handleChineseChars: Bool?
    /// Token names by role, from tokenizer_config.json, else special_tokens_map.json.
    let tokenNames: [Role: String]
    /// `added_tokens_decoder` entries, by id.
    let addedTokens: [AddedToken]
    /// The name of the file the values came from, for error messages.
    let file: String

    static let fileName = "tokenizer_config.json"
    static let specialTokensMapName = "special_tokens_map.json"

    /// Reads the configuration next to a tokenizer; absent files give an empty configuration.
    static func read(directory: URL, recordRead: (URL, [UInt8]) -> Void) throws(TokenizationError) -> TokenizerConfiguration {
        let configURL = directory.appendingPathComponent(fileName)
        let mapURL = directory.appendingPathComponent(specialTokensMapName)
        let config = TokenizerFile.exists(configURL) ? try JSONDocument.read(configURL, recordRead: recordRead) : nil
        let map = TokenizerFile.exists(mapURL) ? try JSONDocument.read(mapURL, recordRead: recordRead) : nil

        var names: [Role: String] = [:]
        for role in Role.allCases {
            if let config, let name = try config.tokenContent(config.root[role.rawValue], field: role.rawValue) {
                names[role] = name
            } else if let map, let name = try map.tokenContent(map.root[role.rawValue], field: role.rawValue) {
                names[role] = name
            }
        }
        guard let config else {
            return TokenizerConfiguration(modelMaxLength: nil, lowercase: nil, stripAccents: nil, handleChineseChars: nil,
                                          tokenNames: names, addedTokens: [], file: fileName)
        }
        let root = config.root
        return TokenizerConfiguration(
            modelMaxLength: try readModelMaxLength(config),
            lowercase: try config.bool(root["do_lower_case"], field: "do_lower_case"),
            stripAccents: try config.bool(root["strip_accents"], field: "strip_accents"),
            handleChineseChars: try config.bool(root["tokenize_chinese_chars"], field: "tokenize_chinese_chars"),
            tokenNames: names,
            addedTokens: try readAddedTokensDecoder(config),
            file: fileName)
    }

    private static func readModelMaxLength(_ config: JSONDocument) throws(TokenizationError) -> Int? {
        guard let value = config.root["model_max_length"], !value.isNull else { return nil }
        switch value {
        case .number:
            // transformers writes int(1e30) when a model sets no limit.
            guard let length = value.integerValue, length > 0, length <= Int(Int32.max) else { return nil }
            return length
        default:
            throw .invalidField(file: config.file, field: "model_max_length", reason: "must be a number, not \(value.kindName)")
        }
    }

    private static func readAddedTokensDecoder(_ config: JSONDocument) throws(TokenizationError) -> [AddedToken] {
        guard let members = try config.object(config.root["added_tokens_decoder"], field: "added_tokens_decoder") else { return [] }
        var tokens: [AddedToken] = []
        for member in members {
            let field = "added_tokens_decoder.\(TokenizationError.quote(member.key))"
            guard let id = Int32(member.key), id >= 0 else {
                throw .invalidField(file: config.file, field: field, reason: "key must be a non-negative integer id")
            }
            tokens.append(try AddedTokenReader.read(member.value, id: id, field: field, in: config))
        }
        return tokens
    }
}

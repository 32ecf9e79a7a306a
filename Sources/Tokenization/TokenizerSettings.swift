/// How the BERT normalizer treats text before it is split into words.
///
/// Part of a model's identity: two tokenizers with the same vocabulary and different settings
/// give different ids, so a fingerprint of the model should include these.
public struct TokenizerSettings: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Map every scalar to its full lowercase mapping (İ → i̇).
    public let lowercase: Bool
    /// Decompose (NFD) and drop nonspacing marks (é → e). Already resolved: HF's `null` means "same as `lowercase`".
    public let stripAccents: Bool
    /// Surround CJK ideographs with spaces so each becomes its own word.
    public let handleChineseChars: Bool
    /// Delete NUL, U+FFFD and control/format/private-use characters; turn whitespace into ' '.
    public let cleanText: Bool

    public init(lowercase: Bool, stripAccents: Bool, handleChineseChars: Bool, cleanText: Bool) {
        self.lowercase = lowercase
        self.stripAccents = stripAccents
        self.handleChineseChars = handleChineseChars
        self.cleanText = cleanText
    }

    /// HF's `BertNormalizer` defaults: everything on.
    public static let uncased = TokenizerSettings(lowercase: true, stripAccents: true, handleChineseChars: true, cleanText: true)

    public var description: String {
        "lowercase=\(lowercase) strip_accents=\(stripAccents) handle_chinese_chars=\(handleChineseChars) clean_text=\(cleanText)"
    }
}

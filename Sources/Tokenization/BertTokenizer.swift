import Foundation

/// A BERT WordPiece tokenizer that gives the same ids as HF `tokenizers` (BertNormalizer,
/// BertPreTokenizer, WordPiece, [CLS] A [SEP] template, added/special tokens), with each
/// token's span in the original text.
public struct BertTokenizer: Sendable {
    /// `model_max_length` from tokenizer_config.json, when present and a real limit.
    public let modelMaxLength: Int?
    /// The id that fills padded positions of a batch ([PAD]).
    public let padId: Int32
    /// The id the template puts first ([CLS]).
    public let clsId: Int32
    /// The id the template puts last ([SEP]).
    public let sepId: Int32
    /// The id of words the vocabulary cannot cover ([UNK]).
    public let unkId: Int32
    /// The normalizer settings in effect.
    public let settings: TokenizerSettings

    private let model: WordPieceModel
    private let normalizer: BertNormalizer
    private let addedTokens: [AddedToken]
    /// Added tokens matched in the raw text (`normalized: false`, e.g. "[SEP]").
    private let rawMatcher: AddedTokenMatcher
    /// Added tokens matched in normalized text against their normalized content.
    private let normalizedMatcher: AddedTokenMatcher
    private let classifier: VocabularyEntry
    private let separator: VocabularyEntry
    private let textById: [Int32: String]
    private let largestId: Int32

    /// Loads the tokenizer of a model directory: `tokenizer.json` when present, else
    /// `vocab.txt` with `tokenizer_config.json` / `special_tokens_map.json`.
    public static func load(directory: URL) throws -> BertTokenizer {
        try loadTyped(directory: directory, recordRead: { _, _ in })
    }

    /// Loads as `load(directory:)`, calling `recordRead` with every file read and the exact
    /// bytes parsed (for model fingerprints: what was read is what is hashed, so the two cannot drift).
    public static func load(directory: URL, recordRead: (URL, [UInt8]) -> Void) throws -> BertTokenizer {
        try loadTyped(directory: directory, recordRead: recordRead)
    }

    private static func loadTyped(directory: URL, recordRead: (URL, [UInt8]) -> Void) throws(TokenizationError) -> BertTokenizer {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingDirectory(path: directory.path)
        }
        let configuration = try TokenizerConfiguration.read(directory: directory, recordRead: recordRead)
        let jsonURL = directory.appendingPathComponent(TokenizerJSONReader.fileName)
        let vocabularyURL = directory.appendingPathComponent(VocabularyFileReader.fileName)
        if TokenizerFile.exists(jsonURL) {
            return BertTokenizer(try TokenizerJSONReader.read(jsonURL, configuration: configuration, recordRead: recordRead))
        }
        if TokenizerFile.exists(vocabularyURL) {
            return BertTokenizer(try VocabularyFileReader.read(vocabularyURL, configuration: configuration, recordRead: recordRead))
        }
        throw .missingTokenizerFiles(directory: directory.path)
    }

    private init(_ components: TokenizerComponents) {
        model = components.model
        settings = components.settings
        normalizer = BertNormalizer(settings: components.settings)
        addedTokens = components.addedTokens
        classifier = components.classifier
        separator = components.separator
        modelMaxLength = components.modelMaxLength
        padId = components.paddingId
        clsId = components.classifier.id
        sepId = components.separator.id
        unkId = components.model.unknown.id

        let raw = addedTokens.filter { !$0.isNormalized }
        rawMatcher = AddedTokenMatcher(tokens: raw, patterns: raw.map { Array($0.content.unicodeScalars) })
        let normalized = addedTokens.filter(\.isNormalized)
        let normalizer = self.normalizer
        normalizedMatcher = AddedTokenMatcher(tokens: normalized, patterns: normalized.map { normalizer.normalize($0.content) })

        var textById: [Int32: String] = [:]
        textById.reserveCapacity(model.entries.count + addedTokens.count)
        for entry in model.entries { textById[entry.id] = entry.text }
        for token in addedTokens { textById[token.id] = token.content }
        textById[classifier.id] = textById[classifier.id] ?? classifier.text
        textById[separator.id] = textById[separator.id] ?? separator.text
        self.textById = textById
        largestId = textById.keys.max() ?? 0
    }

    /// One more than the largest id the tokenizer can produce: the model's embedding table
    /// needs at least this many rows.
    public var vocabularySize: Int { Int(largestId) + 1 }

    /// The id of `token` (compared scalar by scalar): added tokens first, then the vocabulary.
    public func id(for token: String) -> Int32? {
        TokenizerComponents.id(for: token, addedTokens: addedTokens, model: model)
    }

    /// The vocabulary entry (or added token) with this id.
    public func token(for id: Int32) -> String? {
        textById[id]
    }

    /// Tokenizes `text` as `tokenizer(text, truncation=True, max_length=maxLength)` does:
    /// at most `maxLength - 2` wordpieces between [CLS] and [SEP]; the rest go to `truncatedTokens`.
    /// A `maxLength` of 2 or less keeps no wordpiece (HF would refuse it); [CLS] and [SEP] are always there.
    public func tokenize(_ text: String, maxLength: Int) -> TokenizedText {
        var collector = TokenCollector(
            budget: maxLength > 2 ? maxLength - 2 : 0,
            first: Token(id: classifier.id, text: classifier.text, start: 0, end: 0, isSpecial: true))
        collectWordpieces(of: text, into: &collector)
        let (kept, truncated) = collector.finish(last: Token(id: separator.id, text: separator.text, start: 0, end: 0, isSpecial: true))
        return TokenizedText(text: text, tokens: kept, truncatedTokens: truncated)
    }

    /// Sends every token of `text`, before truncation and the template, to `collector`.
    private func collectWordpieces(of text: String, into collector: inout TokenCollector) {
        let original = Array(text.unicodeScalars)
        var normalized = NormalizedText()
        var cache = ExpansionCache()
        var scratch = WordScratch()
        rawMatcher.forEachSegment(in: original, range: original.indices) { segment in
            switch segment {
            case let .match(index, range):
                let token = rawMatcher.tokens[index]
                collector.append(Token(id: token.id, text: token.content, start: range.lowerBound, end: range.upperBound,
                                       isSpecial: token.isSpecial))
            case let .text(range):
                let begin = normalized.scalars.count
                normalizer.normalize(original, range: range, into: &normalized, cache: &cache)
                let normalizedRange = begin..<normalized.scalars.count
                normalizedMatcher.forEachSegment(in: normalized.scalars, range: normalizedRange) { piece in
                    switch piece {
                    case let .match(index, range):
                        let token = normalizedMatcher.tokens[index]
                        let span = normalized.originalSpan(of: range)
                        collector.append(Token(id: token.id, text: token.content, start: span.lowerBound, end: span.upperBound,
                                               isSpecial: token.isSpecial))
                    case let .text(range):
                        BertPreTokenizer.forEachWord(in: normalized.scalars, range: range) { word in
                            model.tokenize(word: word, of: normalized, into: &collector, scratch: &scratch)
                        }
                    }
                }
            }
        }
    }
}

import Foundation

/// A tokenizer that gives the same ids and offsets as HF `tokenizers` for the pipeline its
/// tokenizer.json describes (normalizer → pre-tokenizer → model → post-processor, added tokens
/// matched first), or for a BERT `vocab.txt`; each token keeps its span in the original text.
public struct Tokenizer: Sendable {
    /// `model_max_length` from tokenizer_config.json, when present and a real limit.
    public let modelMaxLength: Int?
    /// The id that fills padded positions of a batch ([PAD], <pad>).
    public let padId: Int32
    /// The ids the post-processor puts before the text ([CLS], <s>), in order.
    public let prefixIds: [Int32]
    /// The ids the post-processor puts after the text ([SEP], </s>), in order.
    public let suffixIds: [Int32]
    /// The first id put before the text ([CLS]), if any.
    public var clsId: Int32? { prefixIds.first }
    /// The last id put after the text ([SEP]), if any.
    public var sepId: Int32? { suffixIds.last }
    /// The id of text the vocabulary cannot cover ([UNK]), if the model has one.
    public let unkId: Int32?
    /// The BertNormalizer settings in effect (all off when the pipeline has none).
    public let settings: TokenizerSettings

    let normalizer: (any TextNormalizer)?
    let preTokenizer: (any PreTokenizer)?
    private let model: any TokenizationModel
    private let postProcessor: (any PostProcessor)?
    private let addedTokens: [AddedToken]
    /// Added tokens matched in the raw text (`normalized: false`, e.g. "[SEP]").
    let rawMatcher: AddedTokenMatcher
    /// Added tokens matched in normalized text against their normalized content.
    let normalizedMatcher: AddedTokenMatcher
    private let textById: [Int32: String]
    private let largestId: Int32

    /// Loads the tokenizer of a model directory: `tokenizer.json` when present, else
    /// `vocab.txt` with `tokenizer_config.json` / `special_tokens_map.json`.
    public static func load(directory: URL) throws -> Tokenizer {
        try loadTyped(directory: directory, recordRead: { _, _ in })
    }

    /// Loads as `load(directory:)`, calling `recordRead` with every file read and the exact
    /// bytes parsed (for model fingerprints: what was read is what is hashed, so the two cannot drift).
    public static func load(directory: URL, recordRead: (URL, [UInt8]) -> Void) throws -> Tokenizer {
        try loadTyped(directory: directory, recordRead: recordRead)
    }

    private static func loadTyped(directory: URL, recordRead: (URL, [UInt8]) -> Void) throws(TokenizationError) -> Tokenizer {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingDirectory(path: directory.path)
        }
        let configuration = try TokenizerConfiguration.read(directory: directory, recordRead: recordRead)
        let jsonURL = directory.appendingPathComponent(TokenizerJSONReader.fileName)
        let vocabularyURL = directory.appendingPathComponent(VocabularyFileReader.fileName)
        if TokenizerFile.exists(jsonURL) {
            return Tokenizer(try TokenizerJSONReader.read(jsonURL, configuration: configuration, recordRead: recordRead))
        }
        if TokenizerFile.exists(vocabularyURL) {
            return Tokenizer(try VocabularyFileReader.read(vocabularyURL, configuration: configuration, recordRead: recordRead))
        }
        throw .missingTokenizerFiles(directory: directory.path)
    }

    private init(_ components: TokenizerComponents) {
        normalizer = components.normalizer
        preTokenizer = components.preTokenizer
        model = components.model
        postProcessor = components.postProcessor
        settings = components.settings
        addedTokens = components.addedTokens
        modelMaxLength = components.modelMaxLength
        padId = components.paddingId
        unkId = components.model.unknownId
        // The template's own tokens, found by running it around one placeholder token.
        let placeholder = Token(id: -1, text: "", start: 0, end: 0, isSpecial: false)
        var probe = [placeholder]
        var overflow: [Token] = []
        components.postProcessor?.process(&probe, overflow: &overflow)
        let split = probe.firstIndex(of: placeholder) ?? probe.count
        prefixIds = probe[..<split].map(\.id)
        suffixIds = probe[min(split + 1, probe.count)...].map(\.id)

        let raw = addedTokens.filter { !$0.isNormalized }
        rawMatcher = AddedTokenMatcher(tokens: raw, patterns: raw.map { Array($0.content.unicodeScalars) })
        let normalized = addedTokens.filter(\.isNormalized)
        let normalizer = self.normalizer
        normalizedMatcher = AddedTokenMatcher(tokens: normalized, patterns: normalized.map {
            normalizer?.normalizedScalars(of: $0.content) ?? Array($0.content.unicodeScalars)
        })

        var textById: [Int32: String] = [:]
        textById.reserveCapacity(model.vocabulary.count + addedTokens.count)
        for entry in model.vocabulary where textById[entry.id] == nil { textById[entry.id] = entry.text }
        for token in addedTokens { textById[token.id] = token.content }
        for token in probe where token != placeholder && textById[token.id] == nil { textById[token.id] = token.text }
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

    /// Tokenizes `text` as `tokenizer(text, truncation=True, max_length=maxLength)` does: at most
    /// `maxLength` minus the template's tokens from the text; the rest go to `truncatedTokens`.
    /// A `maxLength` shorter than the template keeps no text token (HF would refuse it); the
    /// template's tokens are always there.
    public func tokenize(_ text: String, maxLength: Int) -> TokenizedText {
        let added = postProcessor?.addedTokenCount ?? 0
        var sink = TokenSink(budget: maxLength > added ? maxLength - added : 0)
        collectTokens(of: Array(text.unicodeScalars), into: &sink)
        postProcessor?.process(&sink.kept, overflow: &sink.overflow)
        return TokenizedText(text: text, tokens: sink.kept, truncatedTokens: sink.overflow)
    }

    /// Sends every token of `text`, before the post-processor, to `sink`.
    private func collectTokens(of original: [Unicode.Scalar], into sink: inout TokenSink) {
        var scratch = ModelScratch()
        rawMatcher.forEachSegment(in: original, range: original.indices) { segment in
            switch segment {
            case let .match(index, range):
                let token = rawMatcher.tokens[index]
                sink.append(Token(id: token.id, text: Self.matchedText(original, range, token), start: range.lowerBound, end: range.upperBound,
                                  isSpecial: token.isSpecial))
            case let .text(range):
                let normalized = normalizer?.normalize(original, range: range) ?? NormalizedText(original, range: range)
                normalizedMatcher.forEachSegment(in: normalized.scalars, range: normalized.scalars.indices) { piece in
                    switch piece {
                    case let .match(index, range):
                        let token = normalizedMatcher.tokens[index]
                        let span = normalized.originalSpan(of: range)
                        sink.append(Token(id: token.id, text: Self.matchedText(normalized.scalars, range, token),
                                          start: span.lowerBound, end: span.upperBound,
                                          isSpecial: token.isSpecial))
                    case let .text(range):
                        var pieces = PreTokenizedText(normalized, range: range)
                        preTokenizer?.preTokenize(&pieces)
                        for piece in pieces.pieces {
                            sink.appendTokens { tokens in model.tokenize(piece, of: pieces.text, into: &tokens, scratch: &scratch) }
                        }
                    }
                }
            }
        }
    }
}

extension Tokenizer {
    /// An added token's text as the library reports it: the text it matched, stripped
    /// whitespace included (RobertaProcessing's offset trimming reads it).
    fileprivate static func matchedText(_ scalars: [Unicode.Scalar], _ range: Range<Int>, _ token: AddedToken) -> String {
        if scalars[range].elementsEqual(token.content.unicodeScalars) { return token.content }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[range])
        return text
    }
}

/// The text's tokens in order: the first `budget` are kept, the rest overflow (truncation), so
/// a long text's tokens are never copied a second time to be cut.
private struct TokenSink {
    let budget: Int
    var kept: [Token] = []
    var overflow: [Token] = []

    init(budget: Int) {
        self.budget = budget
        kept.reserveCapacity(min(budget, 1024) + 4)
    }

    mutating func append(_ token: Token) {
        if kept.count < budget { kept.append(token) } else { overflow.append(token) }
    }

    /// Lets `body` append a piece's tokens, moving any past the budget to the overflow.
    mutating func appendTokens(_ body: (inout [Token]) -> Void) {
        guard kept.count < budget else {
            body(&overflow)
            return
        }
        body(&kept)
        if kept.count > budget {
            overflow.append(contentsOf: kept[budget...])
            kept.removeSubrange(budget...)
        }
    }
}

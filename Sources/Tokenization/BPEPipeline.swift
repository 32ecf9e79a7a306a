/// The stages of a BPE tokenizer.json, run in the library's order: added tokens are cut out of
/// the raw text, the rest is split by the splitting pre-tokenizers, respelled in bytes by
/// ByteLevel when present (last), cut into pieces by the BPE model; then truncation, offset
/// trimming and the special tokens around the text.
struct BPEPipeline: Sendable {
    let model: BPEModel
    let splitters: [any SplittingPreTokenizer]
    let byteLevel: ByteLevelPreTokenizer?
    /// `trim_offsets` of the post-processor, when it trims.
    let trimmer: ByteLevelOffsetTrimmer?
    /// The tokens the post-processor puts around the text (RobertaProcessing's `<s>`, `</s>`).
    let classifier: VocabularyEntry?
    let separator: VocabularyEntry?
    let addedTokens: [AddedToken]
    private let rawMatcher: AddedTokenMatcher
    private let normalizedMatcher: AddedTokenMatcher

    init(model: BPEModel, splitters: [any SplittingPreTokenizer], byteLevel: ByteLevelPreTokenizer?,
         trimmer: ByteLevelOffsetTrimmer?, classifier: VocabularyEntry?, separator: VocabularyEntry?, addedTokens: [AddedToken]) {
        self.model = model
        self.splitters = splitters
        self.byteLevel = byteLevel
        self.trimmer = trimmer
        self.classifier = classifier
        self.separator = separator
        self.addedTokens = addedTokens
        // Without a normalizer, normalized added tokens are matched in the same text, after the raw ones.
        let raw = addedTokens.filter { !$0.isNormalized }
        rawMatcher = AddedTokenMatcher(tokens: raw, patterns: raw.map { Array($0.content.unicodeScalars) })
        let normalized = addedTokens.filter(\.isNormalized)
        normalizedMatcher = AddedTokenMatcher(tokens: normalized, patterns: normalized.map { Array($0.content.unicodeScalars) })
    }

    /// How many tokens the post-processor adds around a text.
    var addedTokenCount: Int { (classifier == nil ? 0 : 1) + (separator == nil ? 0 : 1) }

    /// Reusable buffers for one text at a time.
    struct Scratch {
        var byteLevel = ByteLevelPreTokenizer.Scratch()
        var bpe = BPEScratch()
        var pieces: [Range<Int>] = []
        var splitPieces: [Range<Int>] = []
        init() {}
    }

    /// `tokenizer(text, truncation=True, max_length=maxLength)`: at most `maxLength` tokens with the
    /// post-processor's, the rest in `truncatedTokens`.
    func tokenize(_ text: String, maxLength: Int) -> TokenizedText {
        var scratch = Scratch()
        var content = contentTokens(of: text, scratch: &scratch)
        let budget = max(0, maxLength - addedTokenCount)
        var truncated: [Token] = []
        if content.count > budget {
            truncated = Array(content[budget...])
            content.removeSubrange(budget...)
        }
        if let trimmer {
            // The library trims after truncating; each encoding's first token is "first".
            content = trimmed(content, by: trimmer)
            truncated = trimmed(truncated, by: trimmer)
        }
        var tokens: [Token] = []
        tokens.reserveCapacity(content.count + 2)
        if let classifier { tokens.append(Token(id: classifier.id, text: classifier.text, start: 0, end: 0, isSpecial: true)) }
        tokens.append(contentsOf: content)
        if let separator { tokens.append(Token(id: separator.id, text: separator.text, start: 0, end: 0, isSpecial: true)) }
        return TokenizedText(text: text, tokens: tokens, truncatedTokens: truncated)
    }

    private func trimmed(_ tokens: [Token], by trimmer: ByteLevelOffsetTrimmer) -> [Token] {
        tokens.enumerated().map { index, token in
            let span = trimmer.trim(text: token.text, start: token.start, end: token.end, isFirst: index == 0)
            return Token(id: token.id, text: token.text, start: span.start, end: span.end, isSpecial: token.isSpecial)
        }
    }

    /// Every token of `text` before truncation and the post-processor.
    func contentTokens(of text: String, scratch: inout Scratch) -> [Token] {
        let original = AlignedScalars(original: Array(text.unicodeScalars))
        var tokens: [Token] = []
        tokens.reserveCapacity(original.count / 3 + 4)
        rawMatcher.forEachSegment(in: original.scalars, range: 0..<original.count) { segment in
            switch segment {
            case let .match(index, range):
                let token = rawMatcher.tokens[index]
                tokens.append(Token(id: token.id, text: token.content, start: range.lowerBound, end: range.upperBound, isSpecial: token.isSpecial))
            case let .text(range):
                normalizedMatcher.forEachSegment(in: original.scalars, range: range) { piece in
                    switch piece {
                    case let .match(index, range):
                        let token = normalizedMatcher.tokens[index]
                        tokens.append(Token(id: token.id, text: token.content, start: range.lowerBound, end: range.upperBound,
                                            isSpecial: token.isSpecial))
                    case let .text(range):
                        appendModelTokens(of: original, range: range, to: &tokens, scratch: &scratch)
                    }
                }
            }
        }
        return tokens
    }

    /// Pre-tokenizes `text.scalars[range]` and appends the model's tokens for each word.
    private func appendModelTokens(of text: AlignedScalars, range: Range<Int>, to tokens: inout [Token], scratch: inout Scratch) {
        scratch.pieces.removeAll(keepingCapacity: true)
        scratch.pieces.append(range)
        for splitter in splitters {
            scratch.splitPieces.removeAll(keepingCapacity: true)
            for piece in scratch.pieces {
                splitter.forEachPiece(in: text.scalars, range: piece) { scratch.splitPieces.append($0) }
            }
            swap(&scratch.pieces, &scratch.splitPieces)
        }
        // Taken out of `scratch` while in use, so that the closures below can mutate it without a copy.
        var bpe = BPEScratch()
        swap(&bpe, &scratch.bpe)
        defer { swap(&bpe, &scratch.bpe) }
        for piece in scratch.pieces {
            if let byteLevel {
                byteLevel.forEachWord(in: text, range: piece, scratch: &scratch.byteLevel) { word in
                    appendPieces(of: word, range: 0..<word.count, to: &tokens, bpe: &bpe)
                }
            } else {
                appendPieces(of: text, range: piece, to: &tokens, bpe: &bpe)
            }
        }
    }

    @inline(__always)
    private func appendPieces(of word: AlignedScalars, range: Range<Int>, to tokens: inout [Token], bpe: inout BPEScratch) {
        model.forEachPiece(of: word.scalars[range], scratch: &bpe) { piece in
            let span = word.originalSpan(of: (range.lowerBound + Int(piece.start))..<(range.lowerBound + Int(piece.end)))
            tokens.append(Token(id: piece.id, text: model.token(for: piece.id) ?? "", start: span.lowerBound, end: span.upperBound,
                                isSpecial: false))
        }
    }
}

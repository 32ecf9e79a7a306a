/// The model stage of a tokenizer.json pipeline (`model.type`): turns one pre-tokenized piece
/// into vocabulary tokens.
protocol TokenizationModel: Sendable {
    /// Appends the tokens of `text.scalars[piece]` to `tokens`, each with its original span
    /// (`text.originalSpan(of:)` of the scalars it covers).
    func tokenize(_ piece: Range<Int>, of text: NormalizedText, into tokens: inout [Token], scratch: inout ModelScratch)

    /// The id of exactly `token` (compared byte for byte), if the vocabulary has it.
    func id(for token: String) -> Int32?
    /// Every (id, token) pair of the vocabulary, for `token(for:)` and the vocabulary size.
    var vocabulary: [VocabularyEntry] { get }
    /// The id unknown text becomes, if the model has one.
    var unknownId: Int32? { get }
}

/// Reusable buffers for one tokenize call, so models allocate nothing per word.
struct ModelScratch {
    /// The current piece as UTF-8 with its scalar boundaries (WordPiece, Unigram).
    var word = WordScratch()
    /// Per-byte-position work arrays (Unigram's best paths).
    var scores: [Double] = []
    var integers: [Int] = []
    var moreIntegers: [Int] = []
}

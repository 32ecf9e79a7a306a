/// One vocabulary entry: the id and the token as written in the vocabulary ("##ing").
struct VocabularyEntry: Sendable {
    let id: Int32
    let text: String
}

/// HF `WordPiece`: greedy longest-match-first subwords with a continuation prefix.
///
/// Matching walks byte tries instead of hashing every candidate substring, so a word costs
/// O(length × longest token) rather than O(length²) lookups; the result is the same because
/// the longest vocabulary match at a position is exactly what HF's shrinking search finds.
struct WordPieceModel: TokenizationModel {
    /// Why a vocabulary could not become a model.
    enum BuildError: Error {
        /// `entries[index]` repeats an earlier token.
        case duplicate(index: Int)
        case missingUnknownToken
        /// More distinct token bytes than the trie can index.
        case tooLarge
    }

    let entries: [VocabularyEntry]
    let unknown: VocabularyEntry
    let continuingSubwordPrefix: String
    /// Words longer than this many scalars become a single unknown token.
    let maxInputCharsPerWord: Int
    /// Every token → index into `entries`, for the first piece of a word.
    private let wordStarts: ByteTrie
    /// Tokens that start with the prefix, prefix removed → index into `entries`, for later pieces.
    private let continuations: ByteTrie

    init(entries: [VocabularyEntry], unknownToken: String, continuingSubwordPrefix: String,
         maxInputCharsPerWord: Int) throws(BuildError) {
        let totalBytes = entries.reduce(0) { $0 + $1.text.utf8.count }
        guard totalBytes < Int(Int32.max) / 2 else { throw .tooLarge }
        var wordStarts = ByteTrieBuilder()
        var continuations = ByteTrieBuilder()
        let prefix = Array(continuingSubwordPrefix.utf8)
        for (index, entry) in entries.enumerated() {
            let bytes = Array(entry.text.utf8)
            if wordStarts.insert(bytes, value: Int32(index)) != nil { throw .duplicate(index: index) }
            if !prefix.isEmpty, bytes.count > prefix.count, bytes.starts(with: prefix) {
                continuations.insert(bytes[prefix.count...], value: Int32(index))
            }
        }
        let wordStartTrie = wordStarts.build()
        guard let unknownIndex = wordStartTrie.value(for: unknownToken.utf8) else { throw .missingUnknownToken }
        self.entries = entries
        self.unknown = entries[Int(unknownIndex)]
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.maxInputCharsPerWord = maxInputCharsPerWord
        self.wordStarts = wordStartTrie
        // An empty prefix means continuation pieces are looked up as plain tokens.
        self.continuations = prefix.isEmpty ? wordStartTrie : continuations.build()
    }

    /// The entry for exactly `token`, compared byte for byte.
    func entry(for token: String) -> VocabularyEntry? {
        wordStarts.value(for: token.utf8).map { entries[Int($0)] }
    }

    func id(for token: String) -> Int32? { entry(for: token)?.id }
    var vocabulary: [VocabularyEntry] { entries }
    var unknownId: Int32? { unknown.id }

    func tokenize(_ piece: Range<Int>, of text: NormalizedText, into tokens: inout [Token], scratch: inout ModelScratch) {
        tokenize(word: piece, of: text, into: &tokens, scratch: &scratch.word)
    }

    /// Sends the pieces of the word `text.scalars[word]` to `collector`, or one unknown token
    /// spanning the whole word when it is too long or cannot be covered by the vocabulary.
    func tokenize(word: Range<Int>, of text: NormalizedText, into collector: inout [Token], scratch: inout WordScratch) {
        let wordSpan = text.originalSpan(of: word)
        let unknownWord = Token(id: unknown.id, text: unknown.text, start: wordSpan.lowerBound, end: wordSpan.upperBound, isSpecial: false)
        guard word.count <= maxInputCharsPerWord else {
            collector.append(unknownWord)
            return
        }
        scratch.load(text.scalars[word])
        // A single-scalar word (punctuation, CJK) is one lookup and needs no rollback.
        if word.count == 1 {
            if let match = wordStarts.longestPrefix(of: scratch.bytes, from: 0), match.length == scratch.bytes.count {
                let entry = entries[Int(match.value)]
                collector.append(Token(id: entry.id, text: entry.text, start: wordSpan.lowerBound, end: wordSpan.upperBound, isSpecial: false))
            } else {
                collector.append(unknownWord)
            }
            return
        }
        scratch.pieces.removeAll(keepingCapacity: true)
        var position = 0
        while position < scratch.bytes.count {
            let trie = position == 0 ? wordStarts : continuations
            guard let match = trie.longestPrefix(of: scratch.bytes, from: position) else {
                collector.append(unknownWord)
                return
            }
            let end = position + match.length
            let first = word.lowerBound + scratch.scalarOffset(atByte: position)
            let last = word.lowerBound + scratch.scalarOffset(atByte: end) - 1
            let entry = entries[Int(match.value)]
            scratch.pieces.append(Token(id: entry.id, text: entry.text, start: text.origins[first], end: text.origins[last] + 1, isSpecial: false))
            position = end
        }
        for piece in scratch.pieces { collector.append(piece) }
    }
}

/// Reusable buffers holding one word as UTF-8 with its scalar boundaries.
struct WordScratch {
    private(set) var bytes: [UInt8] = []
    /// The pieces of the current word, held back until the whole word is known to match.
    var pieces: [Token] = []
    /// Scalar offset at each byte offset that starts a scalar (and at the end); other slots unused.
    private var scalarAtByte: [Int] = []

    mutating func load(_ scalars: ArraySlice<Unicode.Scalar>) {
        bytes.removeAll(keepingCapacity: true)
        scalarAtByte.removeAll(keepingCapacity: true)
        for (offset, scalar) in scalars.enumerated() {
            if scalar.value < 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: scalar.value))
                scalarAtByte.append(offset)
            } else {
                UTF8.encode(scalar) { byte in
                    bytes.append(byte)
                    scalarAtByte.append(offset)
                }
            }
        }
        scalarAtByte.append(scalars.count)
    }

    /// The scalar offset of a byte offset that falls on a scalar boundary.
    func scalarOffset(atByte byte: Int) -> Int {
        scalarAtByte[byte]
    }
}

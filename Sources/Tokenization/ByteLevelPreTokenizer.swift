/// The tokenizers library's `ByteLevel` pre-tokenizer: optionally a space before the text
/// (`add_prefix_space`, unless it already starts with one), the GPT-2 pattern split
/// (`use_regex`), then every UTF-8 byte of each word replaced by its alphabet character, each
/// standing for the whole original scalar it is a byte of.
struct ByteLevelPreTokenizer: Sendable {
    let addsPrefixSpace: Bool
    /// Kept for the ByteLevel post-processor and decoder sections that share these settings.
    let trimsOffsets: Bool
    let usesRegex: Bool

    init(addsPrefixSpace: Bool = true, trimsOffsets: Bool = true, usesRegex: Bool = true) {
        self.addsPrefixSpace = addsPrefixSpace
        self.trimsOffsets = trimsOffsets
        self.usesRegex = usesRegex
    }

    /// Reusable buffers: the piece with its prefix space, and the current word in byte characters.
    struct Scratch {
        var piece = AlignedScalars()
        var word = AlignedScalars()
        init() {}
    }

    /// Calls `body` with each word of `text.scalars[range]` (one split of the pipeline) spelled
    /// in byte characters, each character's span being its original scalar's.
    func forEachWord(in text: AlignedScalars, range: Range<Int>, scratch: inout Scratch,
                     _ body: (_ word: AlignedScalars) -> Void) {
        guard !range.isEmpty else { return }
        // Taken out of `scratch` while in use so that refilling them never copies.
        var piece = AlignedScalars()
        var word = AlignedScalars()
        swap(&piece, &scratch.piece)
        swap(&word, &scratch.word)
        defer {
            swap(&piece, &scratch.piece)
            swap(&word, &scratch.word)
        }
        piece.removeAll()
        if addsPrefixSpace, text.scalars[range.lowerBound] != " " {
            // The library's `prepend` aligns the new space with the scalar it precedes.
            piece.append(" ", span: text.spans[range.lowerBound])
        }
        piece.scalars.append(contentsOf: text.scalars[range])
        piece.spans.append(contentsOf: text.spans[range])
        if usesRegex {
            GPT2PatternSplitter.forEachPiece(in: piece.scalars, range: 0..<piece.count) { range in
                Self.spellInBytes(piece, range: range, into: &word)
                body(word)
            }
        } else {
            Self.spellInBytes(piece, range: 0..<piece.count, into: &word)
            body(word)
        }
    }

    /// `text.scalars[range]` as byte characters into `word`.
    static func spellInBytes(_ text: AlignedScalars, range: Range<Int>, into word: inout AlignedScalars) {
        word.removeAll()
        let alphabet = ByteLevelAlphabet.characterForByte
        for index in range {
            let scalar = text.scalars[index]
            let span = text.spans[index]
            if scalar.value < 0x80 {
                word.append(alphabet[Int(scalar.value)], span: span)
            } else {
                UTF8.encode(scalar) { word.append(alphabet[Int($0)], span: span) }
            }
        }
    }
}

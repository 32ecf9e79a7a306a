/// The tokenizers library's `ByteLevel` pre-tokenizer: optionally a space before each piece
/// (`add_prefix_space`, unless it already starts with one), the GPT-2 pattern split
/// (`use_regex`), then every UTF-8 byte of each word replaced by its alphabet character, each
/// with the origin of the scalar it is a byte of.
struct ByteLevelPreTokenizer: PreTokenizer {
    let addsPrefixSpace: Bool
    let usesRegex: Bool

    init(addsPrefixSpace: Bool = true, usesRegex: Bool = true) {
        self.addsPrefixSpace = addsPrefixSpace
        self.usesRegex = usesRegex
    }

    func preTokenize(_ text: inout PreTokenizedText) {
        // One buffer for the piece with its prefix space, reused across pieces.
        var prefixed: [Unicode.Scalar] = []
        var prefixedOrigins: [Int] = []
        text.rewrite { piece, text, writer in
            var scalars = text.scalars[piece]
            var origins = text.origins[piece]
            if addsPrefixSpace, let first = scalars.first, first != " " {
                // The library's `prepend` gives the new space the alignment of the scalar it precedes.
                prefixed.removeAll(keepingCapacity: true)
                prefixedOrigins.removeAll(keepingCapacity: true)
                prefixed.append(" ")
                prefixed.append(contentsOf: scalars)
                prefixedOrigins.append(text.origins[piece.lowerBound])
                prefixedOrigins.append(contentsOf: origins)
                scalars = prefixed[...]
                origins = prefixedOrigins[...]
            }
            guard usesRegex else {
                Self.spellInBytes(scalars, origins: origins, into: &writer)
                return
            }
            GPT2PatternSplitter.forEachPiece(in: scalars) { word in
                Self.spellInBytes(scalars[word], origins: origins[word], into: &writer)
                writer.endPiece()
            }
        }
    }

    /// `scalars` as byte characters, each with its scalar's origin.
    static func spellInBytes(_ scalars: ArraySlice<Unicode.Scalar>, origins: ArraySlice<Int>, into writer: inout PieceWriter) {
        let alphabet = ByteLevelAlphabet.characterForByte
        for (scalar, origin) in zip(scalars, origins) {
            if scalar.value < 0x80 {
                writer.append(alphabet[Int(scalar.value)], origin: origin)
            } else {
                UTF8.encode(scalar) { writer.append(alphabet[Int($0)], origin: origin) }
            }
        }
    }
}

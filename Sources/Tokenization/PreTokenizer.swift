/// One pre-tokenizer stage of a tokenizer.json pipeline (`pre_tokenizer.type`).
///
/// A pre-tokenizer cuts every piece of `text` into smaller pieces and may rewrite their
/// scalars (Metaspace turns spaces into "▁", ByteLevel maps bytes to printable scalars), so a
/// piece is normalized text with its origins, not just a range of the input.
protocol PreTokenizer: Sendable {
    func preTokenize(_ text: inout PreTokenizedText)
}

/// Normalized text cut into the pieces the model tokenizes one by one (HF's `PreTokenizedString`
/// splits that have no token yet).
///
/// All pieces live back to back in one buffer so that splitting costs no per-piece
/// allocation. A piece's original offset (HF's `offsets_original().0`, which Metaspace's
/// `prepend_scheme: first` tests) is the origin of its first scalar.
struct PreTokenizedText: Sendable {
    private(set) var text: NormalizedText
    /// Non-empty ranges of `text`, in text order.
    private(set) var pieces: [Range<Int>]

    /// One piece holding `text.scalars[range]` (none when it is empty); the buffer is shared, not copied.
    init(_ text: NormalizedText, range: Range<Int>) {
        self.text = text
        pieces = range.isEmpty ? [] : [range]
    }

    /// Replaces every piece by the sub-ranges `cut` reports for it (empty ones are dropped), for
    /// pre-tokenizers that split without changing scalars.
    mutating func split(_ cut: (_ piece: Range<Int>, _ text: NormalizedText, _ emit: (Range<Int>) -> Void) -> Void) {
        var result: [Range<Int>] = []
        // About one word per five scalars, so long texts do not regrow the list many times.
        result.reserveCapacity(max(pieces.count * 2, text.count / 5 + 4))
        let text = self.text
        for piece in pieces {
            cut(piece, text) { range in
                if !range.isEmpty { result.append(range) }
            }
        }
        pieces = result
    }

    /// Rebuilds every piece through `rewrite`, which appends the new scalars to a writer and
    /// ends pieces with `endPiece()`; for pre-tokenizers that transform text.
    mutating func rewrite(_ rewrite: (_ piece: Range<Int>, _ text: NormalizedText, _ writer: inout PieceWriter) -> Void) {
        var writer = PieceWriter()
        writer.text.scalars.reserveCapacity(text.count + pieces.count)
        writer.text.origins.reserveCapacity(text.count + pieces.count)
        for piece in pieces {
            rewrite(piece, text, &writer)
            writer.endPiece()
        }
        text = writer.text
        pieces = writer.pieces
    }

    /// The original offset of a piece (HF's `offsets_original().0`).
    func originalStart(of piece: Range<Int>) -> Int { text.origins[piece.lowerBound] }
}

/// Collects rewritten pieces for `PreTokenizedText.rewrite`.
struct PieceWriter {
    fileprivate(set) var text = NormalizedText()
    fileprivate(set) var pieces: [Range<Int>] = []
    private var pieceStart = 0

    mutating func append(_ scalar: Unicode.Scalar, origin: Int) {
        text.append(scalar, origin: origin)
    }

    /// Ends the current piece (nothing happens when it is empty: HF drops empty splits).
    mutating func endPiece() {
        if pieceStart < text.count { pieces.append(pieceStart..<text.count) }
        pieceStart = text.count
    }
}

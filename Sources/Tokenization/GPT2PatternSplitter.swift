/// Splits text exactly as the GPT-2 pattern the ByteLevel pre-tokenizer uses,
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
/// hand-written over scalars: a regex engine in the hot path would cost more than the BPE itself.
///
/// Every position matches one alternative (whitespace, letters, numbers and "other" cover all
/// characters), so the matches tile the text and are the pieces.
enum GPT2PatternSplitter {
    /// Calls `body` with consecutive, non-empty ranges (indices of `scalars`) tiling `scalars`.
    static func forEachPiece(in scalars: ArraySlice<Unicode.Scalar>, _ body: (Range<Int>) -> Void) {
        var position = scalars.startIndex
        let end = scalars.endIndex
        while position < end {
            let stop = matchEnd(in: scalars, from: position, end: end)
            body(position..<stop)
            position = stop
        }
    }

    /// Where the leftmost alternative that matches at `start` ends (always after `start`).
    @inline(__always)
    static func matchEnd(in scalars: ArraySlice<Unicode.Scalar>, from start: Int, end: Int) -> Int {
        let first = scalars[start]
        if first == "'", let stop = contractionEnd(in: scalars, from: start, end: end) { return stop }
        var position = start
        // ` ?` before a run of letters, numbers or others: the space belongs to the run.
        if first == " ", start + 1 < end, GPT2CharacterClass.classify(scalars[start + 1]) != .whitespace {
            position += 1
        }
        let kind = GPT2CharacterClass.classify(scalars[position])
        if kind != .whitespace {
            position += 1
            while position < end, GPT2CharacterClass.classify(scalars[position]) == kind { position += 1 }
            return position
        }
        // `\s+(?!\S)` leaves the last space of a run to the word that follows it;
        // `\s+` takes a lone whitespace before a word (a space there was taken by ` ?` above).
        position += 1
        while position < end, GPT2CharacterClass.classify(scalars[position]) == .whitespace { position += 1 }
        if position < end, position - start > 1 { return position - 1 }
        return position
    }

    /// `'s|'t|'re|'ve|'m|'ll|'d` (case-sensitive, as in the pattern).
    @inline(__always)
    private static func contractionEnd(in scalars: ArraySlice<Unicode.Scalar>, from start: Int, end: Int) -> Int? {
        guard start + 1 < end else { return nil }
        switch scalars[start + 1] {
        case "s", "t", "m", "d":
            return start + 2
        case "r", "v":
            return start + 2 < end && scalars[start + 2] == "e" ? start + 3 : nil
        case "l":
            return start + 2 < end && scalars[start + 2] == "l" ? start + 3 : nil
        default:
            return nil
        }
    }
}

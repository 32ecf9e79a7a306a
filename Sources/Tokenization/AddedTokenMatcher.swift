/// A piece of text between added-token matches, or one match.
enum AddedTokenSegment {
    case text(Range<Int>)
    /// `token` indexes the matcher's tokens; the range includes stripped whitespace.
    case match(token: Int, range: Range<Int>)
}

/// Finds added tokens in text the way HF's `AddedVocabulary` does: leftmost-longest,
/// non-overlapping matches (Aho–Corasick `LeftmostLongest`), then the single-word,
/// left-strip and right-strip rules.
struct AddedTokenMatcher: Sendable {
    let tokens: [AddedToken]
    /// The scalars each token is matched as, parallel to `tokens`.
    private let patterns: [[Unicode.Scalar]]
    /// Pattern indices by first scalar, so most positions cost one dictionary probe.
    private let candidatesByFirstScalar: [UInt32: [Int]]
    /// Which ASCII scalars start a pattern, to skip the dictionary on ordinary text.
    private let asciiStartsPattern: [Bool]
    private let anyPatternStartsNonASCII: Bool

    /// - Parameter patterns: what to match for each token; empty patterns never match.
    init(tokens: [AddedToken], patterns: [[Unicode.Scalar]]) {
        self.tokens = tokens
        self.patterns = patterns
        var candidates: [UInt32: [Int]] = [:]
        for (index, pattern) in patterns.enumerated() {
            guard let first = pattern.first else { continue }
            candidates[first.value, default: []].append(index)
        }
        self.candidatesByFirstScalar = candidates
        var asciiStarts = [Bool](repeating: false, count: 128)
        for first in candidates.keys where first < 128 { asciiStarts[Int(first)] = true }
        self.asciiStartsPattern = asciiStarts
        self.anyPatternStartsNonASCII = candidates.keys.contains { $0 >= 128 }
    }

    var isEmpty: Bool { candidatesByFirstScalar.isEmpty }

    /// Calls `body` with consecutive segments covering `scalars[range]` exactly.
    func forEachSegment(in scalars: [Unicode.Scalar], range: Range<Int>, _ body: (AddedTokenSegment) -> Void) {
        guard !isEmpty else {
            if !range.isEmpty { body(.text(range)) }
            return
        }
        var segmentStart = range.lowerBound
        var position = range.lowerBound
        while position < range.upperBound {
            guard let (tokenIndex, length) = longestMatch(in: scalars, at: position, limit: range.upperBound) else {
                position += 1
                continue
            }
            let token = tokens[tokenIndex]
            var start = position
            var stop = position + length
            position = stop
            if token.isSingleWord {
                let freeOnLeft = start == range.lowerBound || !BertCharacterClass.isWordCharacter(scalars[start - 1])
                let freeOnRight = stop == range.upperBound || !BertCharacterClass.isWordCharacter(scalars[stop])
                if !(freeOnLeft && freeOnRight) { continue }
            }
            if token.stripsLeft {
                while start > segmentStart && BertCharacterClass.isWhitespace(scalars[start - 1]) { start -= 1 }
            }
            if token.stripsRight {
                while stop < range.upperBound && BertCharacterClass.isWhitespace(scalars[stop]) { stop += 1 }
                // HF resumes the search at the unstripped end; resuming after the stripped
                // whitespace differs only for patterns that begin with whitespace, and keeps
                // segments from overlapping.
                position = stop
            }
            if segmentStart < start { body(.text(segmentStart..<start)) }
            body(.match(token: tokenIndex, range: start..<stop))
            segmentStart = stop
        }
        if segmentStart < range.upperBound { body(.text(segmentStart..<range.upperBound)) }
    }

    /// The longest pattern that matches at `position` without passing `limit`.
    private func longestMatch(in scalars: [Unicode.Scalar], at position: Int, limit: Int) -> (Int, Int)? {
        let first = scalars[position].value
        if first < 128 {
            guard asciiStartsPattern[Int(first)] else { return nil }
        } else {
            guard anyPatternStartsNonASCII else { return nil }
        }
        guard let candidates = candidatesByFirstScalar[first] else { return nil }
        var best: (Int, Int)?
        for index in candidates {
            let pattern = patterns[index]
            guard pattern.count <= limit - position, pattern.count > (best?.1 ?? 0) else { continue }
            if scalars[position..<(position + pattern.count)].elementsEqual(pattern) {
                best = (index, pattern.count)
            }
        }
        return best
    }
}

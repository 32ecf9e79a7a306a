/// A `Split` pre-tokenizer's `Regex` pattern (Oniguruma syntax in tokenizer.json) run with
/// Swift's `Regex` over Unicode scalars (not grapheme clusters, which would move boundaries),
/// made to behave as the library's Oniguruma search does:
/// - `^` and `$` match at line boundaries, `.` matches anything but "\n" (Oniguruma's defaults);
/// - `[:punct:]` is punctuation and symbols (Oniguruma's Unicode definition);
/// - an empty match right where the previous match ended is skipped (the `onig` crate's
///   `find_iter`; Swift would report it, which changes merged and contiguous splits).
///
/// Constructs whose meaning differs between Oniguruma and Swift in ways not rewritten here are
/// refused rather than run with another meaning: `\w`, `\W`, `\b`, `\B` (Oniguruma's word
/// characters come from its own Unicode tables), `\h`/`\H` (hex digit in Oniguruma), `\K`, `\R`,
/// `\X`, `\y`, `\Y`, `\O`, `\g<…>` calls, `(?~…)` absence operators, negated POSIX brackets,
/// inline options other than `i`/`x`, and whatever Swift cannot compile (look-behind among them).
struct SplitRegex: @unchecked Sendable {
    /// Why a pattern is refused (the reader names the file and field).
    struct Refusal: Error {
        let reason: String
    }

    let source: String
    // `Regex` is not `Sendable`; it is never mutated after `init`.
    private let regex: Regex<AnyRegexOutput>

    init(_ source: String) throws(Refusal) {
        let translated = try Self.translate(source)
        do {
            regex = try Regex(translated).matchingSemantics(.unicodeScalar).anchorsMatchLineEndings()
        } catch {
            throw Refusal(reason: "cannot be compiled: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        self.source = source
    }

    private static let refusedEscapes: Set<Unicode.Scalar> = ["w", "W", "b", "B", "h", "H", "K", "R", "X", "y", "Y", "O", "g"]

    /// The pattern in Swift's syntax with Oniguruma's meaning, or the construct that cannot be kept.
    private static func translate(_ source: String) throws(Refusal) -> String {
        let scalars = Array(source.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        var classDepth = 0
        func refuse(_ construct: String) -> Refusal {
            Refusal(reason: "uses \(construct), which Semblance cannot run with Oniguruma's meaning")
        }
        func startsWith(_ text: String, at position: Int) -> Bool {
            let pattern = Array(text.unicodeScalars)
            return position + pattern.count <= scalars.count && Array(scalars[position..<(position + pattern.count)]) == pattern
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count {
                let next = scalars[index + 1]
                if refusedEscapes.contains(next) { throw refuse("\\\(next)") }
                output.append(scalar)
                output.append(next)
                index += 2
                continue
            }
            if classDepth > 0 {
                if startsWith("[:^", at: index) { throw refuse("a negated POSIX bracket") }
                if startsWith("[:punct:]", at: index) {
                    output.append(contentsOf: "\\p{P}\\p{S}".unicodeScalars)
                    index += "[:punct:]".unicodeScalars.count
                    continue
                }
                if scalar == "[" {
                    // A POSIX bracket `[:name:]` is not a nested class.
                    if startsWith("[:", at: index), let close = (index + 2..<scalars.count).first(where: { startsWith(":]", at: $0) }) {
                        output.append(contentsOf: scalars[index..<(close + 2)])
                        index = close + 2
                        continue
                    }
                    classDepth += 1
                } else if scalar == "]" {
                    classDepth -= 1
                }
                output.append(scalar)
                index += 1
                continue
            }
            switch scalar {
            case "[":
                classDepth = 1
                output.append(scalar)
                // A `]` right after `[` or `[^` is a literal member.
                if startsWith("^]", at: index + 1) {
                    output.append(contentsOf: "^\\]".unicodeScalars)
                    index += 3
                    continue
                } else if startsWith("]", at: index + 1) {
                    output.append(contentsOf: "\\]".unicodeScalars)
                    index += 2
                    continue
                }
            case ".":
                output.append(contentsOf: "[^\\n]".unicodeScalars)
            case "(":
                if startsWith("(?~", at: index) { throw refuse("(?~") }
                if startsWith("(?", at: index), index + 2 < scalars.count {
                    // Inline options: only case-insensitivity and extended syntax mean the same.
                    var position = index + 2
                    while position < scalars.count, scalars[position].properties.isAlphabetic || scalars[position] == "-" {
                        if !"ix-".unicodeScalars.contains(scalars[position]) { throw refuse("the inline option (?\(scalars[position])") }
                        position += 1
                    }
                }
                output.append(scalar)
            default:
                output.append(scalar)
            }
            index += 1
        }
        return String(output)
    }

    /// Leftmost non-overlapping matches in `scalars[range]`, as scalar ranges.
    func matches(in scalars: [Unicode.Scalar], range: Range<Int>) -> [Range<Int>] {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[range])
        let string = String(text)
        // Scalar offset of each scalar boundary, found by walking once.
        var offsetByIndex: [String.Index: Int] = [:]
        var offset = range.lowerBound
        var index = string.unicodeScalars.startIndex
        while index < string.unicodeScalars.endIndex {
            offsetByIndex[index] = offset
            offset += 1
            index = string.unicodeScalars.index(after: index)
        }
        offsetByIndex[string.unicodeScalars.endIndex] = offset
        var result: [Range<Int>] = []
        for match in string.matches(of: regex) {
            guard let start = offsetByIndex[match.range.lowerBound], let end = offsetByIndex[match.range.upperBound] else { continue }
            if start == end, let previous = result.last, previous.upperBound == start { continue }
            result.append(start..<end)
        }
        return result
    }
}

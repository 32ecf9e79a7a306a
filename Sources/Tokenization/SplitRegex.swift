/// A `Split` pre-tokenizer's `Regex` pattern (Oniguruma syntax in tokenizer.json) run with
/// Swift's `Regex` over Unicode scalars (not grapheme clusters, which would move boundaries).
///
/// Constructs whose meaning differs between Oniguruma and Swift are refused rather than run
/// with another meaning: `\h`/`\H` (Oniguruma: hex digit; Swift: horizontal space), `\K`,
/// `\R`, `\X`, `\y`/`\Y`, `\O`, `\g<…>` subexpression calls, `(?~…)` absence operators, and
/// whatever Swift cannot compile (look-behind among them).
struct SplitRegex: @unchecked Sendable {
    /// Why a pattern is refused (the reader names the file and field).
    struct Refusal: Error {
        let reason: String
    }

    let source: String
    // `Regex` is not `Sendable`; it is never mutated after `init`.
    private let regex: Regex<AnyRegexOutput>

    init(_ source: String) throws(Refusal) {
        if let construct = Self.refusedConstruct(in: source) {
            throw Refusal(reason: "uses \(construct), which means something else (or nothing) outside Oniguruma")
        }
        do {
            regex = try Regex(source).matchingSemantics(.unicodeScalar)
        } catch {
            throw Refusal(reason: "cannot be compiled: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        self.source = source
    }

    /// The first escape or group opener whose Oniguruma meaning Swift does not share.
    private static func refusedConstruct(in source: String) -> String? {
        let scalars = Array(source.unicodeScalars)
        var index = 0
        var inClass = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count {
                let next = scalars[index + 1]
                if "hHKRXyYOg".unicodeScalars.contains(next) { return "\\\(next)" }
                index += 2
                continue
            }
            if scalar == "[" { inClass = true } else if scalar == "]" { inClass = false }
            if !inClass, scalar == "(", index + 2 < scalars.count, scalars[index + 1] == "?", scalars[index + 2] == "~" {
                return "(?~"
            }
            index += 1
        }
        return nil
    }

    /// Leftmost non-overlapping matches in `scalars[range]`, as scalar ranges.
    func matches(in scalars: [Unicode.Scalar], range: Range<Int>) -> [Range<Int>] {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[range])
        let string = String(text)
        // Scalar index of each scalar boundary, found by walking once.
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
            result.append(start..<end)
        }
        return result
    }
}

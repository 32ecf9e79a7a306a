import StrictJSON

/// HF `Replace`: every non-overlapping match of a string or regex pattern, left to right,
/// becomes `content`; the content's scalars take the origin of the last scalar matched.
struct ReplaceNormalizer: TextNormalizer {
    enum Pattern: @unchecked Sendable {
        case string([Unicode.Scalar])
        case regex(Regex<AnyRegexOutput>)
    }

    let pattern: Pattern
    let content: [Unicode.Scalar]

    init(pattern: Pattern, content: [Unicode.Scalar]) {
        self.pattern = pattern
        self.content = content
    }

    init(_ value: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) {
        guard let content = try document.string(value["content"], field: field + ".content") else {
            throw .missingField(file: document.file, field: field + ".content")
        }
        guard let patternValue = value["pattern"], try document.object(patternValue, field: field + ".pattern") != nil else {
            throw .missingField(file: document.file, field: field + ".pattern")
        }
        if let string = try document.string(patternValue["String"], field: field + ".pattern.String") {
            self.init(pattern: .string(Array(string.unicodeScalars)), content: Array(content.unicodeScalars))
        } else if let source = try document.string(patternValue["Regex"], field: field + ".pattern.Regex") {
            do {
                let regex = try Regex(source).matchingSemantics(.unicodeScalar)
                self.init(pattern: .regex(regex), content: Array(content.unicodeScalars))
            } catch {
                throw .invalidField(file: document.file, field: field + ".pattern.Regex",
                                    reason: "is not a regular expression this tokenizer can run: \(TokenizationError.quote(source))")
            }
        } else {
            throw .invalidField(file: document.file, field: field + ".pattern", reason: "must have a String or a Regex")
        }
    }

    func normalize(_ text: inout NormalizedText) {
        let matches = self.matches(in: text.scalars)
        guard !matches.isEmpty else { return }
        var output = NormalizedText()
        var position = 0
        for match in matches {
            output.scalars.append(contentsOf: text.scalars[position..<match.lowerBound])
            output.origins.append(contentsOf: text.origins[position..<match.lowerBound])
            // Inserted scalars share the alignment of the scalar before the insertion point.
            let before = match.upperBound > 0 ? text.origins[match.upperBound - 1] : (text.origins.first ?? 0)
            for scalar in content { output.append(scalar, origin: before) }
            position = match.upperBound
        }
        output.scalars.append(contentsOf: text.scalars[position...])
        output.origins.append(contentsOf: text.origins[position...])
        text = output
    }

    /// Match ranges in scalar offsets, in order, not overlapping.
    private func matches(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        switch pattern {
        case let .string(needle):
            // The library matches nothing with an empty string pattern.
            guard let first = needle.first, needle.count <= scalars.count else { return [] }
            var result: [Range<Int>] = []
            var index = 0
            while index + needle.count <= scalars.count {
                if scalars[index] == first && scalars[index..<(index + needle.count)].elementsEqual(needle) {
                    result.append(index..<(index + needle.count))
                    index += needle.count
                } else {
                    index += 1
                }
            }
            return result
        case let .regex(regex):
            var string = ""
            string.unicodeScalars.append(contentsOf: scalars)
            let view = string.unicodeScalars
            var result: [Range<Int>] = []
            var offset = 0
            var index = view.startIndex
            for match in string.matches(of: regex) {
                let start = offset + view.distance(from: index, to: match.range.lowerBound)
                let end = start + view.distance(from: match.range.lowerBound, to: match.range.upperBound)
                result.append(start..<end)
                offset = end
                index = match.range.upperBound
            }
            return result
        }
    }
}

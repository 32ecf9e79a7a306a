import Foundation

/// One line of an STS CSV file.
public struct STSPair: Sendable, Equatable {
    public let first: String
    public let second: String
    public let score: Double

    public init(first: String, second: String, score: Double) {
        self.first = first
        self.second = second
        self.score = score
    }
}

/// STS benchmark files: `sentence1,sentence2,score` per line (`eval sts`, `bench --input`).
public enum STSPairs {
    /// Reads `sentence1,sentence2,score` rows; quoted fields may hold commas. A first row
    /// whose score field is not a number is a header (`sentence1,sentence2,score`) and skipped;
    /// anywhere else it is an error, as is a score that is not finite (`nan`, `inf`, `1e999`).
    public static func read(_ source: InputSource) throws -> [STSPair] {
        var pairs: [STSPair] = []
        var firstRow = true
        try DelimitedReader(hasHeader: false).forEachRow(in: source) { line, fields in
            defer { firstRow = false }
            guard fields.count == 3 else {
                throw TextInputError.badRow(source: source.name, line: line, reason: "expected 3 fields (sentence1,sentence2,score), found \(fields.count)")
            }
            let field = fields[2].trimmingCharacters(in: .whitespaces)
            guard let score = decimal(field) else {
                if firstRow { return }  // a header row
                throw TextInputError.badRow(source: source.name, line: line, reason: "score \"\(fields[2])\" is not a number")
            }
            guard score.isFinite else {
                throw TextInputError.badRow(source: source.name, line: line, reason: "score \"\(fields[2])\" is not a finite number")
            }
            pairs.append(STSPair(first: fields[0], second: fields[1], score: score))
        }
        guard !pairs.isEmpty else { throw TextInputError.noTexts(source: source.name) }
        return pairs
    }

    /// A score as a number: decimal notation, or the words Swift reads as numbers (`nan`,
    /// `inf`, so they can be refused as not finite). Hexadecimal floats (`0x1p3`) are not scores.
    static func decimal(_ text: String) -> Double? {
        guard !text.lowercased().contains("x") else { return nil }
        return Double(text)
    }

    /// The distinct sentences of `pairs` in order of first appearance, as `eval sts` encodes them.
    public static func distinctSentences(of pairs: [STSPair]) -> [String] {
        var seen: Set<String> = []
        var sentences: [String] = []
        for pair in pairs {
            for sentence in [pair.first, pair.second] where seen.insert(sentence).inserted {
                sentences.append(sentence)
            }
        }
        return sentences
    }
}

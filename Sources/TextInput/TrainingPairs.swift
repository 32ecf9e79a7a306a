import Foundation
import StrictJSON

/// One (anchor, positive[, hard negative]) row of a training file and the line it came from.
public struct TrainingPair: Sendable, Equatable {
    public let anchor: String
    public let positive: String
    /// The third column (training's hard negative), nil when the row has two.
    public let negative: String?
    public let line: Int

    public init(anchor: String, positive: String, negative: String? = nil, line: Int) {
        self.anchor = anchor
        self.positive = positive
        self.negative = negative
        self.line = line
    }
}

/// (anchor, positive) pairs as sentence-transformers' MultipleNegativesRankingLoss takes them
/// (`semblance loss`, and `semblance train` with an optional hard negative): CSV or TSV rows
/// `anchor,positive[,negative]` (a first row `anchor,positive[,negative]` is a header), or JSON
/// Lines objects `{"anchor": …, "positive": …[, "negative": …]}`. Blank lines are skipped; a row
/// with another number of fields, or a blank side, is an error naming the line.
public enum TrainingPairs {
    public enum Format: Sendable {
        case delimited(UInt8)
        case jsonLines
    }

    /// The format a path's extension names: `.jsonl` JSON Lines, `.tsv` tabs, else CSV.
    public static func format(forPath path: String) -> Format {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonLines }
        return .delimited(DelimitedReader.delimiter(forPath: path))
    }

    /// - Parameter hardNegatives: whether a third column (`negative`) is read; without, a row of
    ///   three fields is an error and a JSON `negative` is ignored.
    public static func read(_ source: InputSource, format: Format, hardNegatives: Bool = false) throws -> [TrainingPair] {
        var pairs: [TrainingPair] = []
        switch format {
        case .delimited(let delimiter):
            var isFirstRow = true
            try DelimitedReader(delimiter: delimiter, hasHeader: false).forEachRow(in: source) { line, fields in
                defer { isFirstRow = false }
                guard fields.count == 2 || (hardNegatives && fields.count == 3) else {
                    throw TextInputError.badRow(
                        source: source.name, line: line,
                        reason: hardNegatives ? "expected 2 or 3 fields (anchor, positive, optional hard negative), found \(fields.count)"
                            : "expected 2 fields (anchor, positive), found \(fields.count)")
                }
                let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                if isFirstRow, names == ["anchor", "positive"] || names == ["anchor", "positive", "negative"] { return }
                pairs.append(try pair(fields[0], fields[1], fields.count == 3 ? fields[2] : nil, line: line, source: source.name))
            }
        case .jsonLines:
            try source.lines.forEach { line, text in
                if text.allSatisfy(\.isWhitespace) { return }
                let value: JSONValue
                do {
                    value = try JSONParser.parse(Array(text.utf8), allowingByteOrderMark: false)
                } catch let error as JSONSyntaxError {
                    throw TextInputError.malformedJSON(source: source.name, line: line, reason: error.reason)
                }
                guard case .object = value else {
                    throw TextInputError.malformedJSON(source: source.name, line: line, reason: "expected an object with \"anchor\" and \"positive\"")
                }
                func side(_ name: String, required: Bool = true) throws -> String? {
                    guard let field = value[name] else {
                        if required { throw TextInputError.missingField(source: source.name, line: line, field: name) }
                        return nil
                    }
                    guard let string = field.stringValue else {
                        throw TextInputError.fieldNotText(source: source.name, line: line, field: name)
                    }
                    return string
                }
                pairs.append(try pair(
                    side("anchor") ?? "", side("positive") ?? "", hardNegatives ? side("negative", required: false) : nil,
                    line: line, source: source.name))
            }
        }
        guard !pairs.isEmpty else { throw TextInputError.noTexts(source: source.name) }
        return pairs
    }

    private static func pair(_ anchor: String, _ positive: String, _ negative: String?, line: Int, source: String) throws -> TrainingPair {
        for (name, text) in [("anchor", anchor), ("positive", positive), ("negative", negative ?? "x")] where text.allSatisfy(\.isWhitespace) {
            throw TextInputError.badRow(source: source, line: line, reason: "the \(name) is empty")
        }
        return TrainingPair(anchor: anchor, positive: positive, negative: negative, line: line)
    }
}

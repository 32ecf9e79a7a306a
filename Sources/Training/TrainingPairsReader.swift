import Foundation
import StrictJSON
import TextInput

/// Training pairs from a file: CSV or TSV (by extension; `anchor,positive[,negative]` per
/// row, a first row `anchor,positive…` is a header) or JSON Lines (`{"anchor", "positive",
/// "negative"?}` per line). Either every row has a hard negative or none does.
public enum TrainingPairsReader {
    public static func read(path: String) throws -> [TrainingPair] {
        let source = try InputSource.file(path)
        let name = (path as NSString).lastPathComponent
        var pairs: [TrainingPair] = []
        var lines: [Int] = []
        if path.lowercased().hasSuffix(".jsonl") || path.lowercased().hasSuffix(".ndjson") {
            try readJSONLines(source, name: name, into: &pairs, lines: &lines)
        } else {
            let reader = DelimitedReader(delimiter: DelimitedReader.delimiter(forPath: path), hasHeader: false)
            try reader.forEachRow(in: source) { line, fields in
                guard fields.count == 2 || fields.count == 3 else {
                    throw TrainingError.badPairsRow(
                        file: name, line: line, reason: "expected 2 or 3 fields (anchor, positive, optional hard negative), found \(fields.count)")
                }
                if pairs.isEmpty, lines.isEmpty, fields[0].lowercased() == "anchor", fields[1].lowercased() == "positive" {
                    lines.append(0)  // a header
                    return
                }
                pairs.append(TrainingPair(anchor: fields[0], positive: fields[1], negative: fields.count == 3 ? fields[2] : nil))
                lines.append(line)
            }
            if lines.first == 0 { lines.removeFirst() }
        }
        for (pair, line) in zip(pairs, lines) {
            for (field, text) in [("anchor", pair.anchor), ("positive", pair.positive), ("negative", pair.negative ?? "x")]
            where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw TrainingError.badPairsRow(file: name, line: line, reason: "the \(field) is empty")
            }
        }
        if let first = pairs.first, let line = zip(pairs, lines).first(where: { ($0.0.negative == nil) != (first.negative == nil) })?.1 {
            throw TrainingError.badPairsRow(
                file: name, line: line,
                reason: first.negative == nil ? "has a hard negative, but the first row has none (all rows or none)"
                    : "has no hard negative, but the first row has one (all rows or none)")
        }
        guard pairs.count >= 2 else { throw TrainingError.tooFewPairs(file: name, count: pairs.count) }
        return pairs
    }

    private static func readJSONLines(_ source: InputSource, name: String, into pairs: inout [TrainingPair], lines: inout [Int]) throws {
        let text = String(decoding: source.data, as: UTF8.self)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                throw TrainingError.badPairsRow(file: name, line: index + 1, reason: "not a JSON object")
            }
            func field(_ key: String, required: Bool) throws -> String? {
                guard let value = object[key] else {
                    if required { throw TrainingError.badPairsRow(file: name, line: index + 1, reason: "no \"\(key)\" field") }
                    return nil
                }
                guard let string = value as? String else {
                    throw TrainingError.badPairsRow(file: name, line: index + 1, reason: "\"\(key)\" is not a string")
                }
                return string
            }
            let anchor = try field("anchor", required: true) ?? ""
            let positive = try field("positive", required: true) ?? ""
            pairs.append(TrainingPair(anchor: anchor, positive: positive, negative: try field("negative", required: false)))
            lines.append(index + 1)
        }
    }
}

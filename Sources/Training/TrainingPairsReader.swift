import Foundation
import TextInput

/// Training pairs from a file, read by TextInput's pairs reader (the one `semblance loss`
/// uses) with the third column: CSV or TSV by extension (`anchor,positive[,negative]` per
/// row, a first row `anchor,positive…` is a header) or JSON Lines (`{"anchor", "positive",
/// "negative"?}`). On top of it, what training needs: every row has a hard negative or none
/// does, and there are at least 2 pairs (MNRL's in-batch negatives).
public enum TrainingPairsReader {
    /// - Throws: TextInput's errors naming the file and line; `TrainingError.badPairsRow` for
    ///   a mix of rows with and without a negative; `tooFewPairs` below 2.
    public static func read(path: String) throws -> [TrainingPair] {
        let source = try InputSource.file(path)
        let name = (path as NSString).lastPathComponent
        let rows: [TextInput.TrainingPair]
        do {
            rows = try TrainingPairs.read(source, format: TrainingPairs.format(forPath: path), hardNegatives: true)
        } catch TextInputError.noTexts {
            throw TrainingError.tooFewPairs(file: name, count: 0)
        }
        if let first = rows.first, let odd = rows.first(where: { ($0.negative == nil) != (first.negative == nil) }) {
            throw TrainingError.badPairsRow(
                file: name, line: odd.line,
                reason: first.negative == nil ? "has a hard negative, but the first row has none (all rows or none)"
                    : "has no hard negative, but the first row has one (all rows or none)")
        }
        guard rows.count >= 2 else { throw TrainingError.tooFewPairs(file: name, count: rows.count) }
        return rows.map { TrainingPair(anchor: $0.anchor, positive: $0.positive, negative: $0.negative) }
    }
}

import Foundation
import TextInput
import VectorCache

/// Reads corpus items from files, choosing the reader by extension: `.jsonl`/`.ndjson`
/// (field `text` unless told), `.csv`/`.tsv` (column by name or number), anything else one
/// text per line. Empty lines are skipped; a file with no text at all is an error.
struct CorpusSourceReader {
    var field: String?
    var column: String?
    var idField: String?

    /// Every item of `path`, in order. Throws naming the file (and line) on any problem.
    func items(in path: String) throws -> [CorpusItem] {
        let source = try InputSource.file(path)
        let records: [TextRecord]
        switch (path as NSString).pathExtension.lowercased() {
        case "jsonl", "ndjson":
            records = try JSONLinesReader(textField: field ?? "text", idField: idField).records(in: source)
        case "csv", "tsv":
            let reader = DelimitedReader(
                delimiter: DelimitedReader.delimiter(forPath: path),
                textColumn: DelimitedReader.Column(parsing: column ?? "text"),
                idColumn: idField.map(DelimitedReader.Column.init(parsing:)))
            records = try reader.records(in: source)
        default:
            records = try PlainLinesReader.records(in: source, skipEmpty: true)
        }
        guard !records.isEmpty else { throw CLIError.emptyInput(source: path) }
        return records.map { CorpusItem(text: $0.text, externalID: $0.id) }
    }
}

import Foundation
import TextInput
import VectorCache

/// Reads corpus items from files, choosing the reader by extension: `.jsonl`/`.ndjson`
/// (field `text` unless told), `.csv`/`.tsv` (column by name or number), anything else one
/// text per line. Empty lines are skipped; a file with no text at all is an error.
///
/// Text and CSV files are streamed from their memory map one item at a time, so memory does
/// not grow with the corpus; JSON Lines files are parsed whole (the reader has no streaming
/// form yet), one file at a time.
///
/// A FIFO or device can be read only once, yet `index` reads every file twice (to check and
/// count, then to store): the first read of such a stream is kept for the second.
struct CorpusSourceReader {
    var field: String?
    var column: String?
    var idField: String?
    private let streams = StreamCopies()

    init(field: String? = nil, column: String? = nil, idField: String? = nil) {
        self.field = field
        self.column = column
        self.idField = idField
    }

    /// The read copies of stream sources, by path.
    private final class StreamCopies {
        var sources: [String: InputSource] = [:]
    }

    private func source(_ path: String) throws -> InputSource {
        if let kept = streams.sources[path] { return kept }
        let source = try InputSource.file(path)
        if source.isStream { streams.sources[path] = source }
        return source
    }

    /// Calls `body` with every item of `path`, in order, and returns how many there were.
    /// Throws naming the file (and line) on any problem, before or during the calls.
    @discardableResult
    func forEachItem(in path: String, _ body: (CorpusItem) throws -> Void) throws -> Int {
        let source = try source(path)
        var count = 0
        switch (path as NSString).pathExtension.lowercased() {
        case "jsonl", "ndjson":
            for record in try JSONLinesReader(textField: field ?? "text", idField: idField).records(in: source) {
                try body(CorpusItem(text: record.text, externalID: record.id))
                count += 1
            }
        case "csv", "tsv":
            let reader = DelimitedReader(
                delimiter: DelimitedReader.delimiter(forPath: path),
                textColumn: DelimitedReader.Column(parsing: column ?? "text"),
                idColumn: idField.map(DelimitedReader.Column.init(parsing:)))
            try reader.forEachRecord(in: source) { record in
                try body(CorpusItem(text: record.text, externalID: record.id))
                count += 1
            }
        default:
            try source.lines.forEach { _, text in
                guard !text.allSatisfy(\.isWhitespace) else { return }
                try body(CorpusItem(text: text))
                count += 1
            }
        }
        guard count > 0 else { throw CLIError.emptyInput(source: path) }
        return count
    }

    /// How many items `path` holds, checking every line on the way.
    func count(in path: String) throws -> Int {
        try forEachItem(in: path) { _ in }
    }
}

import Foundation
import TextInput
import VectorCache

/// Reads corpus items from files, choosing the reader by extension: `.jsonl`/`.ndjson`
/// (field `text` unless told), `.csv`/`.tsv` (column by name or number), anything else one
/// text per line. Empty lines are skipped; a file with no text at all is an error.
///
/// Each file is read whole into memory, one file at a time, and its items handed out one by one.
///
/// A FIFO or device can be read only once, yet `index` reads every file twice (to check and
/// count, then to store): the first read of such a stream is kept for the second. So one
/// stream may be named only once (`refuseRepeatedStreams`): a second name would get the first
/// read's copy, not a second read.
public struct CorpusSourceReader {
    public var field: String?
    public var column: String?
    public var idField: String?
    private let streams = StreamCopies()

    public init(field: String? = nil, column: String? = nil, idField: String? = nil) {
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

    /// Throws if a FIFO, device or socket is named more than once in `paths` (by the same path
    /// or another name for the same node): it can be read only once.
    public func refuseRepeatedStreams(_ paths: [String]) throws {
        var seen: [String: String] = [:]
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0 else { continue }  // reading it reports the error
            let kind = status.st_mode & S_IFMT
            guard kind == S_IFIFO || kind == S_IFCHR || kind == S_IFSOCK else { continue }
            let identity = "\(status.st_dev):\(status.st_ino)"
            if let first = seen[identity] { throw TextInputError.repeatedStream(path: path, first: first) }
            seen[identity] = path
        }
    }

    /// Calls `body` with every item of `path`, in order, and returns how many there were.
    /// Throws naming the file (and line) on any problem, before or during the calls.
    @discardableResult
    public func forEachItem(in path: String, _ body: (CorpusItem) throws -> Void) throws -> Int {
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
        guard count > 0 else { throw TextInputError.noTexts(source: path) }
        return count
    }

    /// How many items `path` holds, checking every line on the way.
    public func count(in path: String) throws -> Int {
        try forEachItem(in: path) { _ in }
    }
}

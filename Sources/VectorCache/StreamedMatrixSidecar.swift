import Foundation

/// The matrix sidecar written while an indexing run stores its rows, instead of read back out
/// of SQLite once the run is done (for 2,000,000 f16 rows that re-read walked 1.5 GB of
/// blobs through the database a second time).
///
/// Rows are appended in position order as their transaction writes them, into
/// `<sidecar>.partial` (one fixed name, truncated by the next run: a killed run leaves at most
/// that file, which nothing ever opens as a sidecar). Only `finish`, given the completed
/// corpus record, writes the header and renames the file into place, through `SidecarWriter`
/// as a rebuild does, so the result is the same bytes a rebuild from SQLite would write (but
/// for the header's random number) and carries the same key, checksum and stamp.
///
/// The indexer owns the ordering: it appends a batch's rows only once they are written, and
/// drops the stream (falling back to the rebuild) on any failure, a rolled-back transaction
/// included.
final class StreamedMatrixSidecar {
    /// Rows appended so far (the position the next row must have).
    private(set) var rows = 0
    let bytesPerRow: Int
    private let writer: SidecarWriter

    struct OutOfOrder: Error {}

    /// Starts the sidecar of `corpus` in the cache at `cachePath`.
    init(of corpus: CorpusRecord, cachePath: String) throws {
        let path = MatrixSidecar.path(cachePath: cachePath, corpus: corpus)
        bytesPerRow = corpus.model.dimension * corpus.precision.bytesPerComponent
        writer = try SidecarWriter(path: path, headerBytes: MatrixSidecar.dataOffset, temporaryPath: Self.partialPath(of: path))
    }

    /// Where a sidecar is streamed before it is complete.
    static func partialPath(of sidecar: String) -> String { sidecar + ".partial" }

    /// Appends the row at `position`: throws unless it is the next one and exactly one row long.
    func append(_ blob: UnsafeRawBufferPointer, position: Int) throws {
        guard position == rows, blob.count == bytesPerRow else { throw OutOfOrder() }
        try writer.append(blob)
        rows += 1
    }

    /// Puts the sidecar in place for `corpus` as completed: throws (leaving nothing) unless
    /// the corpus is complete and holds exactly the rows appended.
    func finish(as corpus: CorpusRecord) throws {
        guard corpus.isComplete, corpus.itemCount == rows, rows > 0,
              corpus.model.dimension * corpus.precision.bytesPerComponent == bytesPerRow else {
            writer.abandon()
            throw OutOfOrder()
        }
        defer { writer.abandon() }
        try writer.finish(header: MatrixSidecar.header(of: corpus, rows: rows, dimension: corpus.model.dimension,
                                                       bytesPerComponent: corpus.precision.bytesPerComponent,
                                                       checksum: writer.payloadChecksum),
                          stampedHeader: MatrixSidecar.headerBytes)
    }

    /// Gives up: the partial file goes.
    func abandon() { writer.abandon() }
}

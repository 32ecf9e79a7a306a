import PostgresClient

/// A complete corpus's vectors also as one packed matrix on the server (schema 3): the
/// row-major components cut into `chunkBytes` pieces of bytea in `corpus_matrix_chunks`, with a
/// header row in `corpus_matrices` (item count, dimension, precision, chunk size and the
/// `SidecarChecksum` of the whole matrix, the SQLite matrix file's: its two sums in `checksum`
/// and `weighted_checksum`, since schema 4). Opening a 100,000-item corpus then reads about
/// twenty values instead of 100,000 rows.
///
/// The items stay the source of truth; the packed copy is trusted only when its header is
/// current (both sums set, count, dimension and precision those of the corpus record, which
/// must be complete) and the chunks read back whole with that checksum. Otherwise the matrix
/// is read from the rows and the packed copy rebuilt from them when the role may write. A copy
/// written with schema 3's checksum (Fletcher-64) is never read: schema 4's migration marks it
/// stale and it has no weighted sum; a schema-3 database opened read-only reads the rows.
///
/// Staleness: every transaction that changes a corpus's items (a batch that writes, the end
/// of a shorter rerun) upserts the header with its checksum cleared. The rebuild takes the
/// same header row first, so a batch and a rebuild of one corpus never interleave: the batch
/// commits first and the rebuild sees its items, or the rebuild commits first and the batch
/// marks it stale.
extension PostgresStore {
    /// Bytes per chunk: large enough that a 150 MB matrix is a few dozen values, small enough
    /// that reading one (libpq holds a whole result) costs little memory beside the matrix.
    static let packedChunkBytes = 8 << 20

    /// Whether this schema has the packed tables (a read-only opening does not migrate).
    func hasPackedMatrices() throws -> Bool { try schemaVersion() >= 3 }

    /// Whether packed matrices here carry the current checksum (schema 4): only then are they
    /// read or written.
    func hasCurrentPackedChecksum() throws -> Bool { try schemaVersion() >= 4 }

    /// Marks the packed matrix of `corpusID` stale, inside the caller's transaction (see above).
    func invalidatePackedMatrix(corpusID: Int64) throws {
        try connection.query("""
            INSERT INTO corpus_matrices (corpus) VALUES ($1)
            ON CONFLICT (corpus) DO UPDATE SET checksum = NULL, item_count = NULL
            """, [.integer(corpusID)])
    }

    /// The packed matrix of `corpus` when it is current and whole, else nil.
    func packedMatrix(of corpus: CorpusRecord) throws -> CorpusMatrix? {
        guard corpus.isComplete, corpus.itemCount > 0, try hasCurrentPackedChecksum() else { return nil }
        let dimension = corpus.model.dimension, bytesPerComponent = corpus.precision.bytesPerComponent
        let (components, overflow) = corpus.itemCount.multipliedReportingOverflow(by: dimension)
        let (total, bytesOverflow) = components.multipliedReportingOverflow(by: bytesPerComponent)
        guard dimension > 0, !overflow, !bytesOverflow else { return nil }
        return try guarded {
            try connection.transaction {
                // One snapshot for the header and every chunk: a rebuild committing meanwhile
                // cannot mix two matrices.
                try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                let header = try connection.query("""
                    SELECT item_count, dimension, precision, chunk_bytes, checksum, weighted_checksum FROM corpus_matrices
                    WHERE corpus = $1 AND checksum IS NOT NULL AND weighted_checksum IS NOT NULL
                    """, [.integer(corpus.id)])
                guard header.count == 1, header.int(0, 0) == corpus.itemCount, header.int(0, 1) == dimension,
                      header.text(0, 2) == corpus.precision.rawValue, let sum = header.integer(0, 4),
                      let weightedSum = header.integer(0, 5) else { return nil }
                let checksum = SidecarChecksum(sum: UInt64(bitPattern: sum), weightedSum: UInt64(bitPattern: weightedSum))
                let chunkBytes = header.int(0, 3)
                guard chunkBytes > 0 else { return nil }
                let matrix = try Self.filledMatrix(corpus: corpus, components: components) { data in
                    var offset = 0, chunk = 0
                    while offset < total {
                        let expected = min(chunkBytes, total - offset)
                        let rows = try connection.query("SELECT data FROM corpus_matrix_chunks WHERE corpus = $1 AND chunk = $2",
                                                        [.integer(corpus.id), .integer(Int64(chunk))])
                        let copied = rows.withBytes(0, 0) { bytes -> Bool in
                            guard bytes.count == expected else { return false }
                            UnsafeMutableRawBufferPointer(rebasing: data[offset ..< offset + expected]).copyMemory(from: bytes)
                            return true
                        } ?? false
                        guard copied else { return false }
                        offset += expected
                        chunk += 1
                    }
                    return SidecarChecksum(of: UnsafeRawBufferPointer(data)) == checksum
                }
                return matrix
            }
        }
    }

    /// Rebuilds the packed matrix of `corpus` from its rows and returns the matrix it read (nil
    /// when the corpus is not complete, or `unlessCurrent` and the header says it is current:
    /// of several workers finishing one corpus, only the first builds it). Takes the header
    /// row first, so batches of the corpus wait or have committed (see above).
    @discardableResult
    func rebuildPackedMatrix(of corpus: CorpusRecord, unlessCurrent: Bool = false,
                             chunkBytes: Int = packedChunkBytes) throws -> CorpusMatrix? {
        let chunkBytes = max(1, chunkBytes)
        guard try hasCurrentPackedChecksum() else { return nil }
        return try guarded {
            try connection.transaction {
                let header = try connection.query("""
                    INSERT INTO corpus_matrices (corpus) VALUES ($1) ON CONFLICT (corpus) DO UPDATE SET corpus = excluded.corpus
                    RETURNING item_count, checksum, weighted_checksum
                    """, [.integer(corpus.id)])
                // The record as it is now, under the lock.
                let current = try connection.query("SELECT item_count, complete FROM corpora WHERE id = $1", [.integer(corpus.id)])
                guard current.count == 1, current.boolean(0, 1) == true, current.int(0, 0) > 0 else { return nil }
                if unlessCurrent, !header.isNull(0, 1), !header.isNull(0, 2), header.int(0, 0) == current.int(0, 0) { return nil }
                let matrix = try loadMatrix(of: corpus)
                guard matrix.rows == current.int(0, 0) else { return nil }
                try connection.query("DELETE FROM corpus_matrix_chunks WHERE corpus = $1", [.integer(corpus.id)])
                let checksum = try Self.withBytes(of: matrix) { data -> SidecarChecksum in
                    var offset = 0, chunk = 0
                    while offset < data.count {
                        let end = min(data.count, offset + chunkBytes)
                        try connection.query("INSERT INTO corpus_matrix_chunks (corpus, chunk, data) VALUES ($1, $2, $3)",
                                             [.integer(corpus.id), .integer(Int64(chunk)), .bytes(Array(data[offset ..< end]))])
                        offset = end
                        chunk += 1
                    }
                    return SidecarChecksum(of: data)
                }
                try connection.query("""
                    UPDATE corpus_matrices SET item_count = $2, dimension = $3, precision = $4, chunk_bytes = $5,
                        checksum = $6, weighted_checksum = $7
                    WHERE corpus = $1
                    """, [.integer(corpus.id), .integer(Int64(matrix.rows)), .integer(Int64(matrix.dimension)),
                          .text(matrix.precision.rawValue), .integer(Int64(chunkBytes)),
                          .integer(Int64(bitPattern: checksum.sum)), .integer(Int64(bitPattern: checksum.weightedSum))])
                return matrix
            }
        }
    }

    /// Whether this role may write the packed tables (a read-only role reads the rows instead).
    func mayWritePackedMatrices() throws -> Bool {
        try guarded {
            try connection.query("""
                SELECT has_table_privilege('corpus_matrices', 'INSERT, UPDATE')
                   AND has_table_privilege('corpus_matrix_chunks', 'INSERT, DELETE')
                """).boolean(0, 0) == true
        }
    }

    /// The vectors of `corpus` for search: the packed matrix when current, else the rows, and
    /// then the packed matrix rebuilt from them where this role may (best effort: a failure
    /// to store it costs the next opening time, never this one its answer).
    public func openMatrix(of corpus: CorpusRecord) throws -> (matrix: CorpusMatrix, source: CorpusMatrixSource) {
        // Whatever stops the packed copy (even a role that may not read its tables), the rows answer.
        if let packed = try? packedMatrix(of: corpus) { return (packed, .serverPacked) }
        if corpus.isComplete, try hasCurrentPackedChecksum(), try mayWritePackedMatrices(),
           let rebuilt = try? rebuildPackedMatrix(of: corpus), rebuilt.rows == corpus.itemCount {
            return (rebuilt, .serverRebuilt)
        }
        return (try loadMatrix(of: corpus), .server)
    }

    /// A matrix of `components` at the corpus's precision, its bytes filled by `fill`; nil
    /// when `fill` says the bytes are not whole.
    private static func filledMatrix(corpus: CorpusRecord, components: Int,
                                     fill: (UnsafeMutableRawBufferPointer) throws -> Bool) throws -> CorpusMatrix? {
        var whole = false
        let storage: CorpusMatrix.Storage
        switch corpus.precision {
        case .f32:
            storage = .f32(try [Float](unsafeUninitializedCapacity: components) { buffer, initialized in
                whole = try fill(UnsafeMutableRawBufferPointer(buffer))
                initialized = components
            })
        case .f16:
            storage = .f16(try [UInt16](unsafeUninitializedCapacity: components) { buffer, initialized in
                whole = try fill(UnsafeMutableRawBufferPointer(buffer))
                initialized = components
            })
        }
        return whole ? CorpusMatrix(rows: corpus.itemCount, dimension: corpus.model.dimension, storage: storage) : nil
    }

    private static func withBytes<T>(of matrix: CorpusMatrix, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        if let value = try matrix.storage.withFloats({ try body(UnsafeRawBufferPointer($0)) }) { return value }
        if let value = try matrix.storage.withHalves({ try body(UnsafeRawBufferPointer($0)) }) { return value }
        throw VectorCacheError.damagedCorpus(corpus: "-", detail: "a matrix with neither float nor half storage")
    }
}

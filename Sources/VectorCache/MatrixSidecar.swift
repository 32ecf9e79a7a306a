import Foundation
import HalfFloat

/// A corpus's vectors also as one contiguous file beside the cache
/// (`<cache>.matrices/corpus-<id>.matrix`), so opening a corpus for search is a `mmap`
/// rather than a read of every row out of SQLite.
///
/// SQLite stays the source of truth; the sidecar is a cache of it, trusted only when all of
/// these hold, else ignored and rebuilt from SQLite:
/// - the corpus is complete, and an indexing run deletes the sidecar before it changes
///   anything (so a file left by an older state cannot outlive the run);
/// - its header's key matches the corpus record (id, name, item count, precision,
///   dimension, model fingerprint and the time of the last completed run);
/// - its length is exactly the header plus rows × dimension components;
/// - its checksum (`SidecarChecksum` over the data) matches: checked in full once, then
///   vouched for by a `SidecarStamp` bound to the file's identity and header, so a
///   2,000,000-row f16 corpus opens without reading 1.5 GB (any write or replacement voids the stamp).
///
/// Layout: 64 bytes of header (magic `SEMBMTX2`, then little-endian UInt64 rows, dimension,
/// bytes per component, key, the checksum's two sums, and a random number drawn at every
/// write, so each rewrite has a header of its own), zeros to 4096, then the row-major
/// components. A `SEMBMTX1` file (its checksum Fletcher-64 over 64-bit words, which missed
/// some sign-bit flips) is refused by its magic and rebuilt from SQLite like any stale one.
enum MatrixSidecar {
    static let magic = Array("SEMBMTX2".utf8)
    static let dataOffset = 4096
    /// The header's meaningful bytes (what a stamp binds).
    static let headerBytes = 64

    /// Where the sidecar of `corpus` lives for the cache at `cachePath`.
    static func path(cachePath: String, corpus: CorpusRecord) -> String {
        "\(cachePath).matrices/corpus-\(corpus.id).matrix"
    }

    /// What ties a sidecar to one state of the corpus record (FNV-1a 64 of its fields).
    static func key(of corpus: CorpusRecord) -> UInt64 {
        let text = "\(corpus.id)\u{0}\(corpus.name)\u{0}\(corpus.updated)\u{0}\(corpus.itemCount)\u{0}\(corpus.precision.rawValue)\u{0}\(corpus.model.dimension)\u{0}\(corpus.model.fingerprint)"
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The header of a sidecar for `corpus` whose data has checksum `checksum` (its last
    /// field a random number, so every rewrite's header differs).
    static func header(of corpus: CorpusRecord, rows: Int, dimension: Int, bytesPerComponent: Int,
                       checksum: SidecarChecksum) -> [UInt8] {
        var header = magic
        for value in [UInt64(rows), UInt64(dimension), UInt64(bytesPerComponent), key(of: corpus), checksum.sum,
                      checksum.weightedSum, UInt64.random(in: 1 ... .max)] {
            withUnsafeBytes(of: value.littleEndian) { header += $0 }
        }
        return header + [UInt8](repeating: 0, count: headerBytes - header.count)
    }

    /// Writes `matrix` as the sidecar of `corpus` (through `SidecarWriter`: a reader never
    /// sees half a file, and the new file is stamped).
    static func write(_ matrix: CorpusMatrix, of corpus: CorpusRecord, cachePath: String) throws {
        let writer = try SidecarWriter(path: path(cachePath: cachePath, corpus: corpus), headerBytes: dataOffset)
        defer { writer.abandon() }
        if matrix.storage.isHalf {
            try matrix.storage.withHalves { try writer.append(UnsafeRawBufferPointer($0)) }
        } else {
            try matrix.storage.withFloats { try writer.append(UnsafeRawBufferPointer($0)) }
        }
        try writer.finish(header: header(of: corpus, rows: matrix.rows, dimension: matrix.dimension,
                                         bytesPerComponent: matrix.storage.isHalf ? 2 : 4, checksum: writer.payloadChecksum),
                          stampedHeader: headerBytes)
    }

    /// The sidecar of `corpus` mapped, or nil when it is missing, stale, the wrong length or
    /// fails its checksum (the caller rebuilds it from SQLite); `checkedInFull` says whether
    /// every byte was read to check it (no stamp vouched for the file).
    /// `mayNote`: whether a full pass may leave a stamp (the cache may be written).
    static func map(of corpus: CorpusRecord, cachePath: String, mayNote: Bool) -> (matrix: CorpusMatrix, checkedInFull: Bool)? {
        guard corpus.isComplete else { return nil }
        let path = path(cachePath: cachePath, corpus: corpus)
        guard let file = SidecarFile.open(path, magic: magic, headerBytes: headerBytes) else { return nil }
        defer { close(file.descriptor) }
        let descriptor = file.descriptor, header = file.header, field = file.field
        let bytesPerComponent = corpus.precision.bytesPerComponent
        let rows = corpus.itemCount, dimension = corpus.model.dimension
        // A damaged cache can claim any count: sizes are compared without overflowing.
        let (components, overflow) = rows.multipliedReportingOverflow(by: dimension)
        let (dataBytes, bytesOverflow) = components.multipliedReportingOverflow(by: bytesPerComponent)
        guard !overflow, !bytesOverflow, rows > 0, dimension > 0, field(0) == UInt64(rows), field(1) == UInt64(dimension),
              field(2) == UInt64(bytesPerComponent), field(3) == key(of: corpus),
              file.size - dataOffset == dataBytes else { return nil }
        let length = file.size
        guard let mapping = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0), mapping != MAP_FAILED else { return nil }
        let mapped = MappedComponents(mapping: mapping, mappedBytes: length, offset: dataOffset, count: components,
                                      isHalf: corpus.precision == .f16)
        let vouched = SidecarStamp.matches(sidecar: path, descriptor: descriptor, header: header)
        if !vouched {
            // Not vouched for (first open of a file this program did not write, or a changed
            // one): every byte is read once, and the pass noted when the directory may be written.
            let data = UnsafeRawBufferPointer(start: mapped.base, count: dataBytes)
            guard SidecarChecksum(of: data) == SidecarChecksum(sum: field(4), weightedSum: field(5)) else { return nil }
            if mayNote { SidecarStamp.recordVerified(sidecar: path, descriptor: descriptor, header: header) }
        }
        return (CorpusMatrix(rows: rows, dimension: dimension, storage: .mapped(mapped)), !vouched)
    }

    static func remove(of corpus: CorpusRecord, cachePath: String) {
        let path = path(cachePath: cachePath, corpus: corpus)
        unlink(path)
        unlink(StreamedMatrixSidecar.partialPath(of: path))
        SidecarStamp.remove(sidecar: path)
    }

    typealias SidecarError = SidecarWriter.Failure
}

/// Where the search matrix of a corpus comes from when opened.
public enum CorpusMatrixSource: Sendable, Equatable {
    /// The sidecar, memory-mapped.
    case sidecar
    /// SQLite, and the sidecar was (re)written from it.
    case rebuilt
    /// SQLite only: the corpus is incomplete or the sidecar could not be written here.
    case database
    /// A PostgreSQL server's rows, one per item (a schema before 3, an incomplete corpus, or
    /// a role that may not store the packed matrix).
    case server
    /// A PostgreSQL server's packed matrix (`PostgresStore+PackedMatrix`).
    case serverPacked
    /// A PostgreSQL server's rows, and the packed matrix was (re)built from them.
    case serverRebuilt
}

extension VectorStore {
    public typealias MatrixSource = CorpusMatrixSource

    /// The vectors of `corpus` for search: the sidecar mapped when it is current and whole,
    /// else loaded from SQLite (`loadMatrix`, which checks every row) and the sidecar
    /// rewritten from it, best effort (a read-only directory keeps working without one).
    public func openMatrix(of corpus: CorpusRecord) throws -> (matrix: CorpusMatrix, source: MatrixSource) {
        // The cache's own test of writability (mode bits too: root could override them,
        // but they say the owner wants the cache left alone).
        let mayWrite = CacheOpening.isWritable((resolvedPath as NSString).deletingLastPathComponent)
            && CacheOpening.isWritable(resolvedPath)
        if let mapped = MatrixSidecar.map(of: corpus, cachePath: resolvedPath, mayNote: mayWrite) { return (mapped.matrix, .sidecar) }
        let matrix = try loadMatrix(of: corpus)
        guard corpus.isComplete, matrix.rows == corpus.itemCount, matrix.rows > 0, mayWrite,
              (try? MatrixSidecar.write(matrix, of: corpus, cachePath: resolvedPath)) != nil else {
            return (matrix, .database)
        }
        return (matrix, .rebuilt)
    }

    /// Writes the sidecar of `corpus` from SQLite (the end of an indexing run does), streaming
    /// row by row in position order: memory holds a 1 MiB buffer whatever the corpus's size.
    /// Every row is checked as `loadMatrix` checks it (positions without gaps, blob sizes,
    /// finite components); a corpus that fails gets no sidecar (search reports what is wrong).
    public func writeMatrixSidecar(of corpus: CorpusRecord) throws {
        guard corpus.isComplete, corpus.itemCount > 0 else { return }
        let path = MatrixSidecar.path(cachePath: resolvedPath, corpus: corpus)
        let dimension = corpus.model.dimension
        do {
            try guarded {
                try database.readTransaction {
                    let count = (try database.scalar("SELECT max(position) + 1 FROM items WHERE corpus = ?1",
                                                     [.integer(corpus.id)])?.int) ?? 0
                    guard count == corpus.itemCount else {
                        throw VectorCacheError.damagedCorpus(corpus: corpus.name, detail: "\(corpus.itemCount) items recorded but positions up to \(count - 1)")
                    }
                    let statement = try database.prepare("""
                        SELECT i.position, v.vector FROM items i JOIN vectors v ON v.id = i.vector
                        WHERE i.corpus = ?1 ORDER BY i.position
                        """)
                    try statement.bind([.integer(corpus.id)])
                    let writer = try SidecarWriter(path: path, headerBytes: MatrixSidecar.dataOffset)
                    defer { writer.abandon() }
                    try forEachStoredRow(statement, rows: count, bytesPerRow: dimension * corpus.precision.bytesPerComponent,
                                         corpus: corpus) { position, blob in
                        guard NonFiniteComponents.allFinite(blob, precision: corpus.precision) else {
                            throw VectorCacheError.damagedCorpus(
                                corpus: corpus.name,
                                detail: "the vector at position \(position) is not finite (NaN or infinity); indexing it again encodes it anew")
                        }
                        try writer.append(blob)
                    }
                    try writer.finish(header: MatrixSidecar.header(of: corpus, rows: count, dimension: dimension,
                                                                   bytesPerComponent: corpus.precision.bytesPerComponent,
                                                                   checksum: writer.payloadChecksum),
                                      stampedHeader: MatrixSidecar.headerBytes)
                }
            }
        } catch let error as SidecarWriter.Failure {
            throw VectorCacheError.cannotCreate(path: path, reason: error.reason)
        }
    }

    /// The sidecar's path, for messages and tests.
    public func matrixSidecarPath(of corpus: CorpusRecord) -> String {
        MatrixSidecar.path(cachePath: resolvedPath, corpus: corpus)
    }

    /// Deletes the sidecar of `corpus` (before a run changes it, or when it is removed).
    func removeMatrixSidecar(of corpus: CorpusRecord) {
        MatrixSidecar.remove(of: corpus, cachePath: resolvedPath)
        SignCodeSidecar.remove(of: corpus, cachePath: resolvedPath)
    }
}

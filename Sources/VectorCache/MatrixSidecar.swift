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
/// - its checksum (Fletcher-64 over the data, one pass at memory speed) matches.
///
/// Layout: 64 bytes of header (magic `SEMBMTX1`, then little-endian UInt64 rows, dimension,
/// bytes per component, key, checksum), zeros to 4096, then the row-major components.
enum MatrixSidecar {
    static let magic = Array("SEMBMTX1".utf8)
    static let dataOffset = 4096

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

    /// Fletcher-64 over the bytes as little-endian UInt64 words (a short tail zero-padded):
    /// catches changed, swapped and truncated data at about memory speed.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var a: UInt64 = 0, b: UInt64 = 0
        let words = bytes.count / 8
        for i in 0 ..< words {
            a = a &+ bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            b = b &+ a
        }
        if bytes.count % 8 != 0 {
            var tail: UInt64 = 0
            for (shift, byte) in bytes[(words * 8)...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(shift)) }
            a = a &+ tail
            b = b &+ a
        }
        return a ^ (b &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Writes `matrix` as the sidecar of `corpus` (to a temporary file renamed into place, so
    /// a reader never sees half a file).
    static func write(_ matrix: CorpusMatrix, of corpus: CorpusRecord, cachePath: String) throws {
        let path = path(cachePath: cachePath, corpus: corpus)
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SidecarError(reason: String(cString: strerror(errno))) }
        var renamed = false
        defer {
            close(descriptor)
            if !renamed { unlink(temporary) }
        }
        let bytesPerComponent = matrix.storage.isHalf ? 2 : 4
        let write = { (bytes: UnsafeRawBufferPointer) throws in
            var done = 0
            while done < bytes.count {
                let wrote = Foundation.write(descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done)
                if wrote < 0, errno == EINTR { continue }
                guard wrote > 0 else { throw SidecarError(reason: String(cString: strerror(errno))) }
                done += wrote
            }
        }
        let body = { (data: UnsafeRawBufferPointer) throws in
            var header = [UInt8](repeating: 0, count: dataOffset)
            header.replaceSubrange(0 ..< 8, with: magic)
            for (index, value) in [UInt64(matrix.rows), UInt64(matrix.dimension), UInt64(bytesPerComponent),
                                   key(of: corpus), checksum(data)].enumerated() {
                withUnsafeBytes(of: value.littleEndian) { header.replaceSubrange(8 + index * 8 ..< 16 + index * 8, with: $0) }
            }
            try header.withUnsafeBytes(write)
            try write(data)
        }
        if matrix.storage.isHalf {
            try matrix.storage.withHalves { try body(UnsafeRawBufferPointer($0)) }
        } else {
            try matrix.storage.withFloats { try body(UnsafeRawBufferPointer($0)) }
        }
        guard fsync(descriptor) == 0, rename(temporary, path) == 0 else { throw SidecarError(reason: String(cString: strerror(errno))) }
        renamed = true
    }

    /// The sidecar of `corpus` mapped, or nil when it is missing, stale, the wrong length or
    /// fails its checksum (the caller rebuilds it from SQLite).
    static func map(of corpus: CorpusRecord, cachePath: String) -> CorpusMatrix? {
        guard corpus.isComplete else { return nil }
        let path = path(cachePath: cachePath, corpus: corpus)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        var header = [UInt8](repeating: 0, count: 48)
        guard header.withUnsafeMutableBytes({ pread(descriptor, $0.baseAddress, 48, 0) }) == 48,
              Array(header[0 ..< 8]) == magic else { return nil }
        let field = { (index: Int) -> UInt64 in
            header.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8 + index * 8, as: UInt64.self)) }
        }
        let bytesPerComponent = corpus.precision.bytesPerComponent
        let rows = corpus.itemCount, dimension = corpus.model.dimension
        let (components, overflow) = rows.multipliedReportingOverflow(by: dimension)
        guard !overflow, field(0) == UInt64(rows), field(1) == UInt64(dimension), field(2) == UInt64(bytesPerComponent),
              field(3) == key(of: corpus), rows > 0,
              Int(status.st_size) == dataOffset + components * bytesPerComponent else { return nil }
        let length = Int(status.st_size)
        guard let mapping = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0), mapping != MAP_FAILED else { return nil }
        let mapped = MappedComponents(mapping: mapping, mappedBytes: length, offset: dataOffset, count: components,
                                      isHalf: corpus.precision == .f16)
        let data = UnsafeRawBufferPointer(start: mapped.base, count: components * bytesPerComponent)
        guard checksum(data) == field(4) else { return nil }
        return CorpusMatrix(rows: rows, dimension: dimension, storage: .mapped(mapped))
    }

    static func remove(of corpus: CorpusRecord, cachePath: String) {
        unlink(path(cachePath: cachePath, corpus: corpus))
    }

    struct SidecarError: Error { let reason: String }
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
        if let mapped = MatrixSidecar.map(of: corpus, cachePath: resolvedPath) { return (mapped, .sidecar) }
        let matrix = try loadMatrix(of: corpus)
        guard corpus.isComplete, matrix.rows == corpus.itemCount, matrix.rows > 0,
              // The cache's own test of writability (mode bits too: root could override them,
              // but they say the owner wants the cache left alone).
              CacheOpening.isWritable((resolvedPath as NSString).deletingLastPathComponent),
              CacheOpening.isWritable(resolvedPath),
              (try? MatrixSidecar.write(matrix, of: corpus, cachePath: resolvedPath)) != nil else {
            return (matrix, .database)
        }
        return (matrix, .rebuilt)
    }

    /// Writes the sidecar of `corpus` from SQLite (the end of an indexing run does).
    public func writeMatrixSidecar(of corpus: CorpusRecord) throws {
        guard corpus.isComplete, corpus.itemCount > 0 else { return }
        let matrix = try loadMatrix(of: corpus)
        do {
            try MatrixSidecar.write(matrix, of: corpus, cachePath: resolvedPath)
        } catch let error as MatrixSidecar.SidecarError {
            throw VectorCacheError.cannotCreate(path: MatrixSidecar.path(cachePath: resolvedPath, corpus: corpus), reason: error.reason)
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

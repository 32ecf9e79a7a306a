import Foundation
import HalfFloat

/// The sign codes of approximate search (`HalfFloat.SignCodes`) kept beside the matrix
/// sidecar (`<cache>.matrices/corpus-<id>.signs`), so a large corpus opens without a pass
/// over every vector to code it (2,000,000 × 384 rows: 104 MB read instead of 1.5 GB coded).
///
/// A cache of a cache: trusted only when its key matches the corpus record as it is now
/// (`MatrixSidecar.key`: id, name, count, precision, dimension, model, last run), its length
/// is exact and its checksum matches; anything else is ignored and the codes rebuilt from the
/// matrix (and rewritten when the cache's directory is writable).
///
/// Layout: 64 bytes of header (magic `SEMBSGN1`, then little-endian UInt64 rows, dimension,
/// normalize (0/1), key, checksum of what follows), then the centre (dimension f32), the
/// scales (rows f32) and the codes (rows × words UInt64), all little-endian.
enum SignCodeSidecar {
    static let magic = Array("SEMBSGN1".utf8)
    static let headerBytes = 64

    static func path(cachePath: String, corpus: CorpusRecord) -> String {
        "\(cachePath).matrices/corpus-\(corpus.id).signs"
    }

    static func write(_ codes: SignCodes, of corpus: CorpusRecord, cachePath: String) throws {
        let path = path(cachePath: cachePath, corpus: corpus)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var payload = [UInt8]()
        payload.reserveCapacity(codes.centre.count * 4 + codes.byteCount)
        codes.centre.withUnsafeBytes { payload += $0 }
        codes.scales.withUnsafeBytes { payload += $0 }
        codes.codes.withUnsafeBytes { payload += $0 }
        var header = [UInt8](repeating: 0, count: headerBytes)
        header.replaceSubrange(0 ..< 8, with: magic)
        let checksum = payload.withUnsafeBytes { MatrixSidecar.checksum($0) }
        for (index, value) in [UInt64(codes.rows), UInt64(codes.dimension), codes.normalize ? 1 : 0,
                               MatrixSidecar.key(of: corpus), checksum].enumerated() {
            withUnsafeBytes(of: value.littleEndian) { header.replaceSubrange(8 + index * 8 ..< 16 + index * 8, with: $0) }
        }
        let temporary = path + ".tmp-\(getpid())"
        do {
            try Data(header + payload).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else { throw MatrixSidecar.SidecarError(reason: String(cString: strerror(errno))) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// The codes of `corpus` when the file is current and whole, else nil.
    static func read(of corpus: CorpusRecord, normalize: Bool, cachePath: String) -> SignCodes? {
        guard corpus.isComplete, let data = FileManager.default.contents(atPath: path(cachePath: cachePath, corpus: corpus)),
              data.count >= headerBytes, Array(data.prefix(8)) == magic else { return nil }
        let rows = corpus.itemCount, dimension = corpus.model.dimension, words = (dimension + 63) / 64
        return data.withUnsafeBytes { bytes -> SignCodes? in
            let field = { (index: Int) in UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 + index * 8, as: UInt64.self)) }
            let payloadBytes = dimension * 4 + rows * 4 + rows * words * 8
            guard field(0) == UInt64(rows), field(1) == UInt64(dimension), field(2) == (normalize ? 1 : 0),
                  field(3) == MatrixSidecar.key(of: corpus), bytes.count == headerBytes + payloadBytes else { return nil }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[headerBytes...])
            guard MatrixSidecar.checksum(payload) == field(4) else { return nil }
            func array<T>(_ type: T.Type, at offset: Int, count: Int) -> [T] {
                [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: payload[offset ..< offset + count * MemoryLayout<T>.stride]))
                    initialized = count
                }
            }
            return SignCodes(rows: rows, dimension: dimension, normalize: normalize,
                             centre: array(Float.self, at: 0, count: dimension),
                             scales: array(Float.self, at: dimension * 4, count: rows),
                             codes: array(UInt64.self, at: dimension * 4 + rows * 4, count: rows * words))
        }
    }

    static func remove(of corpus: CorpusRecord, cachePath: String) {
        unlink(path(cachePath: cachePath, corpus: corpus))
    }
}

extension VectorStore {
    /// The stored sign codes of `corpus` when current (see `SignCodeSidecar`), else nil.
    public func storedSignCodes(of corpus: CorpusRecord, normalize: Bool) -> SignCodes? {
        SignCodeSidecar.read(of: corpus, normalize: normalize, cachePath: resolvedPath)
    }

    /// Keeps `codes` beside the cache, best effort: not where the cache may not be written
    /// (read-only by mode bits or a read-only directory), nor for an incomplete corpus.
    public func storeSignCodes(_ codes: SignCodes, of corpus: CorpusRecord) {
        guard corpus.isComplete, codes.rows == corpus.itemCount,
              CacheOpening.isWritable((resolvedPath as NSString).deletingLastPathComponent),
              CacheOpening.isWritable(resolvedPath) else { return }
        try? SignCodeSidecar.write(codes, of: corpus, cachePath: resolvedPath)
    }

    /// The sign codes' path, for tests.
    public func signCodesPath(of corpus: CorpusRecord) -> String {
        SignCodeSidecar.path(cachePath: resolvedPath, corpus: corpus)
    }
}

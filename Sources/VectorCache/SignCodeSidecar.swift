import Foundation
import HalfFloat

/// The sign codes of approximate search (`HalfFloat.SignCodes`) kept beside the matrix
/// sidecar (`<cache>.matrices/corpus-<id>.signs`), so a large corpus opens without a pass
/// over every vector to code it (2,000,000 × 384 rows: 104 MB read instead of 1.5 GB coded).
///
/// A cache of a cache: trusted only when its key matches the corpus record as it is now
/// (`MatrixSidecar.key`: id, name, count, precision, dimension, model, last run), its length
/// is exact and its checksum matches — checked in full once, then vouched for by a
/// `SidecarStamp` as the matrix sidecar is; anything else is ignored and the codes rebuilt
/// from the matrix (and rewritten when the cache's directory is writable).
///
/// Layout: 64 bytes of header (magic `SEMBSGN2`, then little-endian UInt64 rows, dimension,
/// normalize (0/1), key, the two sums of `SidecarChecksum` over what follows, a random number
/// drawn at every write), then the centre (dimension f32), the scales (rows f32) and the codes
/// (rows × words UInt64), all little-endian. Read straight into the three arrays (no copy of
/// the file). A `SEMBSGN1` file (the older, weaker checksum) is refused by its magic and rebuilt.
enum SignCodeSidecar {
    static let magic = Array("SEMBSGN2".utf8)
    static let headerBytes = 64

    static func path(cachePath: String, corpus: CorpusRecord) -> String {
        "\(cachePath).matrices/corpus-\(corpus.id).signs"
    }

    static func write(_ codes: SignCodes, of corpus: CorpusRecord, cachePath: String) throws {
        let writer = try SidecarWriter(path: path(cachePath: cachePath, corpus: corpus), headerBytes: headerBytes)
        defer { writer.abandon() }
        try codes.centre.withUnsafeBytes { try writer.append($0) }
        try codes.scales.withUnsafeBytes { try writer.append($0) }
        try codes.codes.withUnsafeBytes { try writer.append($0) }
        var header = magic
        for value in [UInt64(codes.rows), UInt64(codes.dimension), codes.normalize ? 1 : 0,
                      MatrixSidecar.key(of: corpus), writer.payloadChecksum.sum, writer.payloadChecksum.weightedSum,
                      UInt64.random(in: 1 ... .max)] {
            withUnsafeBytes(of: value.littleEndian) { header += $0 }
        }
        header += [UInt8](repeating: 0, count: headerBytes - header.count)
        try writer.finish(header: header, stampedHeader: headerBytes)
    }

    /// The codes of `corpus` when the file is current and whole, else nil. `mayNote`: a full
    /// checksum pass may leave a stamp (the cache may be written).
    static func read(of corpus: CorpusRecord, normalize: Bool, cachePath: String, mayNote: Bool = false) -> SignCodes? {
        guard corpus.isComplete else { return nil }
        let path = path(cachePath: cachePath, corpus: corpus)
        guard let file = SidecarFile.open(path, magic: magic, headerBytes: headerBytes) else { return nil }
        defer { close(file.descriptor) }
        let descriptor = file.descriptor, header = file.header, field = file.field
        let rows = corpus.itemCount, dimension = corpus.model.dimension, words = (dimension + 63) / 64
        // A damaged cache can claim any count: sizes are compared without overflowing.
        let (wordCount, overflow) = rows.multipliedReportingOverflow(by: words)
        let (codeBytes, codeOverflow) = wordCount.multipliedReportingOverflow(by: 8)
        let size = file.size
        guard !overflow, !codeOverflow, rows >= 0, dimension > 0, dimension < size, rows < size,
              field(0) == UInt64(rows), field(1) == UInt64(dimension),
              field(2) == (normalize ? 1 : 0), field(3) == MatrixSidecar.key(of: corpus),
              size == headerBytes + dimension * 4 + rows * 4 + codeBytes else { return nil }
        func array<T>(_ type: T.Type, at offset: Int, count: Int) -> [T]? {
            var complete = false
            let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                complete = SidecarFile.readAll(UnsafeMutableRawBufferPointer(buffer), from: descriptor, at: offset)
                initialized = complete ? count : 0
            }
            return complete ? values : nil
        }
        guard let centre = array(Float.self, at: headerBytes, count: dimension),
              let scales = array(Float.self, at: headerBytes + dimension * 4, count: rows),
              let codes = array(UInt64.self, at: headerBytes + dimension * 4 + rows * 4, count: wordCount) else { return nil }
        if !SidecarStamp.matches(sidecar: path, descriptor: descriptor, header: header) {
            var sum = StreamingChecksum()
            centre.withUnsafeBytes { sum.add($0) }
            scales.withUnsafeBytes { sum.add($0) }
            codes.withUnsafeBytes { sum.add($0) }
            guard sum.value == SidecarChecksum(sum: field(4), weightedSum: field(5)) else { return nil }
            if mayNote { SidecarStamp.recordVerified(sidecar: path, descriptor: descriptor, header: header) }
        }
        return SignCodes(rows: rows, dimension: dimension, normalize: normalize, centre: centre, scales: scales, codes: codes)
    }

    static func remove(of corpus: CorpusRecord, cachePath: String) {
        let path = path(cachePath: cachePath, corpus: corpus)
        unlink(path)
        SidecarStamp.remove(sidecar: path)
    }
}

extension VectorStore {
    /// The stored sign codes of `corpus` when current (see `SignCodeSidecar`), else nil.
    public func storedSignCodes(of corpus: CorpusRecord, normalize: Bool) -> SignCodes? {
        SignCodeSidecar.read(of: corpus, normalize: normalize, cachePath: resolvedPath,
                             mayNote: CacheOpening.isWritable((resolvedPath as NSString).deletingLastPathComponent)
                                 && CacheOpening.isWritable(resolvedPath))
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

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
/// Layout (version 2, magic `SEMBSGN2`): 64 bytes of header (the magic, then little-endian
/// UInt64 rows, dimension, normalize (0/1), key, the two sums of `SidecarChecksum` over what
/// follows, a random number drawn at every write), then the centre (dimension f32), the scales
/// (rows f32), the prefix blocks (ceil(rows / 32) × 768 bytes) and the tails (rows × (words − 3)
/// UInt64), all little-endian: `SignCodes`' arrays as they are, read straight into them (no copy
/// of the file). The magic is the version: a file of another layout (version 1, `SEMBSGN1`, held
/// whole codes under a weaker checksum) is never read, so its corpus' codes are rebuilt and the
/// file rewritten.
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
        try codes.blocks.withUnsafeBytes { try writer.append($0) }
        try codes.tails.withUnsafeBytes { try writer.append($0) }
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
        let tailWords = max(0, words - SignCodes.prefixWords)
        // A damaged cache can claim any count: sizes are compared without overflowing.
        let (tailCount, overflow) = rows.multipliedReportingOverflow(by: tailWords)
        let (tailBytes, tailOverflow) = tailCount.multipliedReportingOverflow(by: 8)
        let size = file.size
        guard !overflow, !tailOverflow, rows >= 0, dimension > 0, dimension < size, rows < size,
              field(0) == UInt64(rows), field(1) == UInt64(dimension),
              field(2) == (normalize ? 1 : 0), field(3) == MatrixSidecar.key(of: corpus) else { return nil }
        // rows < size, so these cannot overflow.
        let blockBytes = SignCodes.blockCount(rows: rows) * SignCodes.bytesPerBlock
        let scalesAt = headerBytes + dimension * 4, blocksAt = scalesAt + rows * 4, tailsAt = blocksAt + blockBytes
        guard size == tailsAt + tailBytes else { return nil }
        func array<T>(_ type: T.Type, at offset: Int, count: Int) -> [T]? {
            var complete = false
            let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                complete = SidecarFile.readAll(UnsafeMutableRawBufferPointer(buffer), from: descriptor, at: offset)
                initialized = complete ? count : 0
            }
            return complete ? values : nil
        }
        guard let centre = array(Float.self, at: headerBytes, count: dimension),
              let scales = array(Float.self, at: scalesAt, count: rows),
              let blocks = array(UInt8.self, at: blocksAt, count: blockBytes),
              let tails = array(UInt64.self, at: tailsAt, count: tailCount) else { return nil }
        if !SidecarStamp.matches(sidecar: path, descriptor: descriptor, header: header) {
            var sum = StreamingChecksum()
            centre.withUnsafeBytes { sum.add($0) }
            scales.withUnsafeBytes { sum.add($0) }
            blocks.withUnsafeBytes { sum.add($0) }
            tails.withUnsafeBytes { sum.add($0) }
            guard sum.value == SidecarChecksum(sum: field(4), weightedSum: field(5)) else { return nil }
            if mayNote { SidecarStamp.recordVerified(sidecar: path, descriptor: descriptor, header: header) }
        }
        return SignCodes(rows: rows, dimension: dimension, normalize: normalize, centre: centre, scales: scales,
                         blocks: blocks, tails: tails)
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

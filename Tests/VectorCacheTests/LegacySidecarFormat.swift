import Foundation
import HalfFloat
@testable import VectorCache

/// The sidecar format before `SidecarChecksum` (magics `SEMBMTX1`/`SEMBSGN1`, one checksum
/// field), as the earlier code wrote it, so tests can put such files (and packed rows) in
/// place and see them rebuilt, never read.
enum LegacySidecarFormat {
    /// The old checksum: Fletcher-64 over little-endian UInt64 words modulo 2⁶⁴ (a short tail
    /// zero-padded), folded as a ^ (b·K).
    static func fletcher64(_ bytes: [UInt8]) -> UInt64 {
        var a: UInt64 = 0, b: UInt64 = 0
        var start = 0
        while start < bytes.count {
            var word: UInt64 = 0
            for (shift, byte) in bytes[start ..< min(start + 8, bytes.count)].enumerated() {
                word |= UInt64(byte) << (8 * UInt64(shift))
            }
            a = a &+ word
            b = b &+ a
            start += 8
        }
        return a ^ (b &* 0x9E37_79B9_7F4A_7C15)
    }

    /// An old-format header: `magic`, then the fields, then zeros to `size` bytes.
    static func header(magic: String, fields: [UInt64], size: Int) -> [UInt8] {
        var header = Array(magic.utf8)
        for field in fields { withUnsafeBytes(of: field.littleEndian) { header += $0 } }
        return header + [UInt8](repeating: 0, count: size - header.count)
    }

    /// The matrix file of `corpus` as the old code wrote it, with `data` (its row-major components).
    static func matrixFile(of corpus: CorpusRecord, data: [UInt8]) -> [UInt8] {
        let fields = [UInt64(corpus.itemCount), UInt64(corpus.model.dimension), UInt64(corpus.precision.bytesPerComponent),
                      MatrixSidecar.key(of: corpus), fletcher64(data), 0x1234_5678]
        return header(magic: "SEMBMTX1", fields: fields, size: MatrixSidecar.dataOffset) + data
    }

    /// The sign-code file of `corpus` as the old code wrote it, with `payload` (centre, scales, codes).
    static func signCodeFile(of corpus: CorpusRecord, normalize: Bool, payload: [UInt8]) -> [UInt8] {
        let fields = [UInt64(corpus.itemCount), UInt64(corpus.model.dimension), normalize ? 1 : 0,
                      MatrixSidecar.key(of: corpus), fletcher64(payload), 0x1234_5678]
        return header(magic: "SEMBSGN1", fields: fields, size: SignCodeSidecar.headerBytes) + payload
    }

    /// A matrix's components as bytes, as a sidecar or packed copy holds them.
    static func bytes(of matrix: CorpusMatrix) -> [UInt8] {
        matrix.storage.withFloats { Array(UnsafeRawBufferPointer($0)) }
            ?? matrix.storage.withHalves { Array(UnsafeRawBufferPointer($0)) } ?? []
    }
}

import Foundation
import Testing
import TextOutput

/// The `.npy` layout numpy reads: magic, version 1.0, a little-endian header length, a
/// header padded to a multiple of 64 bytes ending in a newline, then little-endian float32s.
@Suite struct NumpyArrayTests {
    @Test func headerAndValuesAreWhereNumpyLooks() throws {
        let rows: [[Float]] = [[1, -2.5, .pi], [0, 1e-8, -0]]
        let bytes = [UInt8](NumpyArray.float32(rows: rows, columns: 3))
        #expect(Array(bytes[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let dataStart = 10 + headerLength
        #expect(dataStart % 64 == 0)
        let header = try #require(String(bytes: bytes[10..<dataStart], encoding: .ascii))
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }") && header.hasSuffix("\n"))
        #expect(bytes.count == dataStart + 6 * 4)
        let values = stride(from: dataStart, to: bytes.count, by: 4).map { offset in
            Float(bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                  | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
        }
        #expect(values.map(\.bitPattern) == rows.flatMap { $0 }.map(\.bitPattern))
    }
}

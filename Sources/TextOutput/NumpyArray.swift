import Foundation

/// Writes `.npy` files (format version 1.0), the format `numpy.load` reads.
public enum NumpyArray {
    /// A little-endian float32 array of shape `(rows.count, columns)`.
    public static func float32(rows: [[Float]], columns: Int) -> Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows.count), \(columns)), }"
        // magic (6) + version (2) + header length (2) + header, padded with spaces to a
        // multiple of 64 and ended by a newline, as the format asks.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: header.utf8)
        data.reserveCapacity(data.count + rows.count * columns * 4)
        for row in rows {
            for value in row {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
        }
        return data
    }
}

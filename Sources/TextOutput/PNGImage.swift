/// Writes PNG images (8-bit RGB, no interlace) with stored deflate blocks: no compression,
/// so no zlib is needed — only the format's CRC-32 and Adler-32, computed here.
public enum PNGImage {
    /// The PNG bytes of a `width × height` image whose `pixels` are RGB triples, row by row;
    /// `nil` when the sizes do not agree or are out of PNG's range.
    public static func rgb(width: Int, height: Int, pixels: [UInt8]) -> [UInt8]? {
        guard width > 0, height > 0, width <= 1 << 20, height <= 1 << 20,
              pixels.count == width * height * 3 else { return nil }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        // IHDR: size, bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]
        png += chunk("IHDR", header)
        // Each row is preceded by its filter type (0: none).
        var raw: [UInt8] = []
        raw.reserveCapacity(height * (1 + width * 3))
        for row in 0..<height {
            raw.append(0)
            raw += pixels[(row * width * 3)..<((row + 1) * width * 3)]
        }
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return png
    }

    /// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951, BTYPE 00).
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]  // deflate, 32K window; no preset dictionary; check bits fit
        var start = 0
        repeat {
            let length = min(65_535, data.count - start)
            let isLast = start + length >= data.count
            out.append(isLast ? 1 : 0)
            let len = UInt16(length)
            out += [UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8(~len >> 8)]
            out += data[start..<(start + length)]
            start += length
        } while start < data.count
        return out + bigEndian(adler32(data))
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    /// CRC-32 as PNG (and zlib's crc32) defines it: polynomial 0xEDB88320, reflected.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// Adler-32 (RFC 1950).
    public static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        // 5552 bytes is the most that cannot overflow before the modulo.
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + 5552)
            for byte in bytes[index..<end] {
                a &+= UInt32(byte)
                b &+= a
            }
            a %= 65_521
            b %= 65_521
            index = end
        }
        return b << 16 | a
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}

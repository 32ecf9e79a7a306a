import Testing
import TextOutput

/// The PNG writer's checksums against their published check values, and its stream's shape.
@Suite struct PNGImageTests {
    @Test func checksumsMatchTheirCheckValues() {
        #expect(PNGImage.crc32(Array("123456789".utf8)) == 0xCBF4_3926)  // the CRC-32 check value
        #expect(PNGImage.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)  // RFC 1950's worked example
        #expect(PNGImage.adler32([]) == 1)
        // Long runs cross Adler's modulo step (5552 bytes) without overflowing.
        let long = [UInt8](repeating: 0xFF, count: 100_000)
        var a: UInt64 = 1, b: UInt64 = 0
        for byte in long { a = (a + UInt64(byte)) % 65_521; b = (b + a) % 65_521 }
        #expect(PNGImage.adler32(long) == UInt32(b << 16 | a))
    }

    /// Chunks carry their lengths and CRCs; the stored blocks hold each row after a 0 filter byte.
    @Test func imageChunksAndStoredBlocksAreWellFormed() throws {
        let width = 300, height = 90  // 90 rows of 901 bytes: two stored blocks
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in pixels.indices { pixels[index] = UInt8(index % 251) }
        let png = try #require(PNGImage.rgb(width: width, height: height, pixels: pixels))
        var offset = 8
        var chunks: [(String, [UInt8])] = []
        while offset < png.count {
            let length = Int(png[offset]) << 24 | Int(png[offset + 1]) << 16 | Int(png[offset + 2]) << 8 | Int(png[offset + 3])
            let type = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let data = Array(png[(offset + 8)..<(offset + 8 + length)])
            let stored = png[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(stored == PNGImage.crc32(Array(type.utf8) + data), "\(type)")
            chunks.append((type, data))
            offset += 12 + length
        }
        #expect(chunks.map(\.0) == ["IHDR", "IDAT", "IEND"])
        // Undo the stored blocks: the rows come back, each after filter byte 0.
        let stream = chunks[1].1
        #expect(Array(stream.prefix(2)) == [0x78, 0x01])
        var raw: [UInt8] = []
        var position = 2
        var last = false
        while !last {
            last = stream[position] & 1 == 1
            let length = Int(stream[position + 1]) | Int(stream[position + 2]) << 8
            let complement = Int(stream[position + 3]) | Int(stream[position + 4]) << 8
            #expect(length ^ complement == 0xFFFF)
            raw += stream[(position + 5)..<(position + 5 + length)]
            position += 5 + length
        }
        #expect(position + 4 == stream.count)
        var expected: [UInt8] = []
        for row in 0..<height { expected += [0] + pixels[(row * width * 3)..<((row + 1) * width * 3)] }
        #expect(raw == expected)
        #expect(PNGImage.rgb(width: 2, height: 2, pixels: [0, 0, 0]) == nil)
    }
}

import Digest
import Foundation
import Testing

/// Feeding a message in pieces gives the digest of the whole.
@Suite struct SHA256StreamingTests {
    /// 1,000 bytes with no period shorter than the message (a cheap PRNG, fixed seed).
    private static let message: [UInt8] = {
        var state: UInt32 = 12345
        return (0..<1000).map { _ in
            state = state &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: state >> 16)
        }
    }()

    @Test(arguments: [1, 3, 55, 56, 63, 64, 65, 127, 128, 999])
    func chunkedUpdatesMatchOneShot(chunkSize: Int) {
        let whole = SHA256.hash(Self.message)
        var hasher = SHA256()
        var start = 0
        while start < Self.message.count {
            let end = min(start + chunkSize, Self.message.count)
            hasher.update(Self.message[start..<end])
            start = end
        }
        #expect(hasher.finalize() == whole)
    }

    @Test func irregularChunksAndEmptyUpdatesMatchOneShot() {
        var hasher = SHA256()
        var start = 0
        var size = 0
        while start < Self.message.count {
            let end = min(start + size, Self.message.count)
            hasher.update(Self.message[start..<end])  // size 0 first: an empty update
            start = end
            size = (size * 7 + 5) % 150
        }
        #expect(hasher.finalize() == SHA256.hash(Self.message))
    }

    @Test(arguments: [0, 1, 55, 56, 57, 63, 64, 65, 119, 120])
    func everyPaddingBoundaryMatchesOneByteAtATime(length: Int) {
        let prefix = Array(Self.message.prefix(length))
        var hasher = SHA256()
        for byte in prefix { hasher.update([byte]) }
        #expect(hasher.finalize() == SHA256.hash(prefix))
    }

    @Test func finalizeLeavesTheStreamOpen() {
        var hasher = SHA256()
        hasher.update("ab")
        #expect(hasher.finalize() == SHA256.hash("ab"))
        hasher.update("c")
        #expect(hasher.finalize() == SHA256.hash("abc"))
    }

    @Test func fileHashMatchesInMemoryHash() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        // Larger than one 1 MiB read so the chunk loop runs more than once.
        let content = (0..<(3 << 19)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        try Data(content).write(to: url)
        #expect(try SHA256.hash(fileAt: url) == SHA256.hash(content))
    }

    @Test func missingFileThrowsNamingThePath() {
        #expect(throws: DigestError.self) { try SHA256.hash(fileAt: URL(fileURLWithPath: "/nonexistent/weights.bin")) }
    }

    @Test func hexRoundTrips() throws {
        let digest = SHA256.hash("abc")
        #expect(SHA256Digest(hex: digest.hex) == digest)
        #expect(SHA256Digest(hex: digest.hex.uppercased()) == digest)
        #expect(SHA256Digest(hex: "xyz") == nil)
        #expect(SHA256Digest(bytes: [1, 2, 3]) == nil)
    }
}

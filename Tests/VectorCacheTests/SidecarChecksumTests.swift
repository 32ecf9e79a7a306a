import Testing
import TestSupport
@testable import VectorCache

/// The sidecars' checksum (`SidecarChecksum`): it equals its definition written out one word at
/// a time, fed in any pieces; every single bit flip and every pair of flips is seen — the sign
/// bits the old Fletcher-64 missed among them.
@Suite struct SidecarChecksumTests {
    private static func checksum(_ bytes: [UInt8]) -> SidecarChecksum { bytes.withUnsafeBytes { SidecarChecksum(of: $0) } }

    /// The definition the slow way: Σ u_j and Σ j·u_j modulo 2⁶⁴ over little-endian UInt32
    /// words u_1…u_N, a short tail zero-padded.
    private static func reference(_ bytes: [UInt8]) -> SidecarChecksum {
        var sum: UInt64 = 0, weightedSum: UInt64 = 0, position: UInt64 = 0
        var start = 0
        while start < bytes.count {
            var word: UInt64 = 0
            for (shift, byte) in bytes[start ..< min(start + 4, bytes.count)].enumerated() {
                word |= UInt64(byte) << (8 * UInt64(shift))
            }
            position += 1
            sum &+= word
            weightedSum &+= position &* word
            start += 4
        }
        return SidecarChecksum(sum: sum, weightedSum: weightedSum)
    }

    private static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return (0 ..< count).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
    }

    private static func flip(_ bytes: inout [UInt8], bit: Int) { bytes[bit / 8] ^= 1 << UInt8(bit % 8) }

    /// The pairs of bit `positions` whose two flips together leave the checksum of `bytes` as it was.
    private static func unseenPairs(in bytes: [UInt8], of positions: [Int]) -> [(Int, Int)] {
        var bytes = bytes
        let original = checksum(bytes)
        var missed: [(Int, Int)] = []
        for (index, first) in positions.enumerated() {
            flip(&bytes, bit: first)
            for second in positions[(index + 1)...] {
                flip(&bytes, bit: second)
                if checksum(bytes) == original { missed.append((first, second)) }
                flip(&bytes, bit: second)
            }
            flip(&bytes, bit: first)
        }
        return missed
    }

    /// Lengths around the 4-byte words and 16-byte groups, and whole buffers of either byte value.
    @Test func theOneShotChecksumIsItsDefinition() {
        for (seed, count) in [0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 255, 256, 1000, 4099].enumerated() {
            let bytes = Self.randomBytes(count, seed: UInt64(seed))
            #expect(Self.checksum(bytes) == Self.reference(bytes), "\(count) bytes")
        }
        for byte: UInt8 in [0x00, 0xFF] {
            let bytes = [UInt8](repeating: byte, count: 4096 + 12)
            #expect(Self.checksum(bytes) == Self.reference(bytes))
        }
        #expect(Self.checksum([]) == SidecarChecksum(sum: 0, weightedSum: 0))
    }

    /// Fed in pieces cut anywhere (empty ones too, words and groups straddling cuts), the value
    /// is the one-shot one.
    @Test func theStreamingChecksumEqualsTheOneShotOneForAnySplit() {
        var generator = SplitMix64(seed: 42)
        for count in [1, 5, 16, 37, 203, 1024, 5000] {
            let bytes = Self.randomBytes(count, seed: UInt64(count))
            let whole = Self.checksum(bytes)
            for _ in 0 ..< 30 {
                let cuts = (0 ..< Int.random(in: 1 ... 8, using: &generator)).map { _ in Int.random(in: 0 ... count, using: &generator) }
                var streaming = StreamingChecksum()
                var start = 0
                for end in cuts.sorted() + [count] {
                    bytes[start ..< end].withUnsafeBytes { streaming.add($0) }
                    start = end
                }
                #expect(streaming.value == whole, "\(count) bytes cut at \(cuts.sorted())")
            }
            var byteByByte = StreamingChecksum()
            for index in bytes.indices { bytes[index ... index].withUnsafeBytes { byteByByte.add($0) } }
            #expect(byteByByte.value == whole)
        }
    }

    /// Every bit of random, all-zero and all-one buffers, whole groups and a ragged tail.
    @Test func everySingleBitFlipIsSeen() {
        for var bytes in [Self.randomBytes(256, seed: 7), [UInt8](repeating: 0, count: 256),
                          [UInt8](repeating: 0xFF, count: 256), Self.randomBytes(203, seed: 8)] {
            let original = Self.checksum(bytes)
            var missed: [Int] = []
            for bit in 0 ..< bytes.count * 8 {
                Self.flip(&bytes, bit: bit)
                if Self.checksum(bytes) == original { missed.append(bit) }
                Self.flip(&bytes, bit: bit)
            }
            #expect(missed.isEmpty, "flips not seen at bits \(missed.prefix(10))")
        }
    }

    /// All 130,816 pairs of flips in 64 random bytes.
    @Test func everyPairOfBitFlipsInASmallBufferIsSeen() {
        let missed = Self.unseenPairs(in: Self.randomBytes(64, seed: 9), of: Array(0 ..< 512))
        #expect(missed.isEmpty, "pairs not seen: \(missed.prefix(10))")
    }

    /// The flips the old checksum could miss: sign bits of f16 components (bits 15, 31, 47, 63
    /// of each 8 bytes), every pair of them in 64 words, and every pair of bit-63 flips in 256.
    @Test func everyPairOfSignBitFlipsIsSeen() {
        for (words, bitsInWord) in [(64, [15, 31, 47, 63]), (256, [63])] {
            let positions = (0 ..< words).flatMap { word in bitsInWord.map { word * 64 + $0 } }
            let missed = Self.unseenPairs(in: Self.randomBytes(words * 8, seed: UInt64(words)), of: positions)
            #expect(missed.isEmpty, "\(words) words: pairs not seen: \(missed.prefix(10))")
        }
    }

    /// The pair that leaves the sum alone (one bit set, the same bit cleared elsewhere), at
    /// distances up to 1 MiB, powers of two and their neighbours.
    @Test func aBitMovedFarAwayIsSeen() {
        let words = 1 << 18
        var bytes = [UInt8](repeating: 0, count: words * 4)
        for bit in [0, 15, 31] {
            Self.flip(&bytes, bit: bit)
            let original = Self.checksum(bytes)
            var distances: Set<Int> = []
            for power in 0 ..< 18 { distances.formUnion([(1 << power) - 1, 1 << power, (1 << power) + 1, 3 << power]) }
            var missed: [Int] = []
            for distance in distances.sorted() where distance > 0 && distance < words {
                Self.flip(&bytes, bit: bit)
                Self.flip(&bytes, bit: distance * 32 + bit)
                if Self.checksum(bytes) == original { missed.append(distance) }
                Self.flip(&bytes, bit: distance * 32 + bit)
                Self.flip(&bytes, bit: bit)
            }
            #expect(missed.isEmpty, "bit \(bit) moved by these many words not seen: \(missed.prefix(10))")
            Self.flip(&bytes, bit: bit)
        }
    }

    /// Swapped words, a changed tail: order and every byte count.
    @Test func orderAndTailAreSeen() {
        let a: [UInt8] = Array(0 ..< 20), swapped = Array(a[8 ..< 16] + a[0 ..< 8] + a[16...])
        #expect(Self.checksum(a) != Self.checksum(swapped))
        #expect(Self.checksum(a) != Self.checksum(Array(a.dropLast())))
        let words: [UInt8] = Array(0 ..< 8), wordsSwapped = Array(words[4...] + words[..<4])
        #expect(Self.checksum(words) != Self.checksum(wordsSwapped))
    }

    /// What this replaced: Fletcher-64 over 64-bit words missed a flip of the last word's bit
    /// 63 (the sign of its 4th f16) and pairs of bit-63 flips two words apart.
    @Test func theOldChecksumMissedWhatThisOneSees() {
        var bytes = Self.randomBytes(64, seed: 11)
        let (old, new) = (LegacySidecarFormat.fletcher64(bytes), Self.checksum(bytes))
        Self.flip(&bytes, bit: 7 * 64 + 63)
        #expect(LegacySidecarFormat.fletcher64(bytes) == old)
        #expect(Self.checksum(bytes) != new)
        Self.flip(&bytes, bit: 7 * 64 + 63)
        Self.flip(&bytes, bit: 1 * 64 + 63)
        Self.flip(&bytes, bit: 3 * 64 + 63)
        #expect(LegacySidecarFormat.fletcher64(bytes) == old)
        #expect(Self.checksum(bytes) != new)
    }
}

/// The checksum of a sidecar's payload (the matrix file, the sign codes, PostgreSQL's packed
/// matrix): two sums over the bytes read as little-endian UInt32 words u₁…u_N (a short tail
/// zero-padded; the length is checked apart), each kept modulo 2⁶⁴:
/// `sum` = Σ u_j and `weightedSum` = Σ j·u_j.
///
/// Words of 32 bits in sums of 64 are what make the guarantees hold (with 64-bit words a flip
/// of bit 63 is ±2⁶³, and two of them cancel modulo 2⁶⁴ whatever the weights):
/// - a change confined to one 32-bit word changes `sum` (the difference is below 2³² and not 0);
/// - a change confined to two words j₁ < j₂ that leaves `sum` alone is d and −d, so
///   `weightedSum` moves by d·(j₂ − j₁): d has at most 31 factors of 2, so this is 0 modulo 2⁶⁴
///   only when j₂ − j₁ is a multiple of 2³³ words (32 GiB apart).
/// So every single bit flip, every pair of flips less than 32 GiB apart, every change within
/// one aligned 8 bytes and every swap of two unequal words is seen. (Ones'-complement sums,
/// modulo 2⁶⁴ − 1, were not taken: they cannot tell an all-zero word from an all-ones one.)
struct SidecarChecksum: Equatable {
    var sum: UInt64
    var weightedSum: UInt64

    /// The checksum of `bytes` in one pass (the same value as `StreamingChecksum` fed them in any pieces).
    init(of bytes: UnsafeRawBufferPointer) {
        var streaming = StreamingChecksum()
        streaming.add(bytes)
        self = streaming.value
    }

    init(sum: UInt64, weightedSum: UInt64) {
        self.sum = sum
        self.weightedSum = weightedSum
    }
}

/// `SidecarChecksum` fed in pieces of any length (a word may straddle two pieces).
struct StreamingChecksum {
    private var sum: UInt64 = 0, weightedSum: UInt64 = 0
    /// Whole 32-bit words summed so far (the position of the next is `words + 1`).
    private var words: UInt64 = 0
    /// The bytes of a word not yet complete (little-endian), and how many there are.
    private var pending: UInt32 = 0, pendingBytes = 0

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while pendingBytes > 0, offset < bytes.count {
            pending |= UInt32(bytes[offset]) << (8 * UInt32(pendingBytes))
            pendingBytes += 1
            offset += 1
            if pendingBytes == 4 {
                addWord(pending)
                pending = 0
                pendingBytes = 0
            }
        }
        let groups = (bytes.count - offset) / 16
        if groups > 0 {
            addGroups(UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + groups * 16]))
            offset += groups * 16
        }
        while bytes.count - offset >= 4 {
            addWord(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            offset += 4
        }
        while offset < bytes.count {
            pending |= UInt32(bytes[offset]) << (8 * UInt32(pendingBytes))
            pendingBytes += 1
            offset += 1
        }
    }

    var value: SidecarChecksum {
        var copy = self
        if copy.pendingBytes > 0 { copy.addWord(copy.pending) }
        return SidecarChecksum(sum: copy.sum, weightedSum: copy.weightedSum)
    }

    private mutating func addWord(_ word: UInt32) {
        words &+= 1
        sum &+= UInt64(word)
        weightedSum &+= words &* UInt64(word)
    }

    /// Sums whole groups of 16 bytes (four words) at memory speed: four lanes, lane l holding
    /// the words at positions l+1, l+5, l+9, …, each with Fletcher's running sums (`total` =
    /// Σ v_s, `running` = Σ (G − s)·v_s over its G words), which need no multiplication in
    /// the loop. Then Σ j·u_j over the group block is Σ_l [(l+1)·total_l + 4·(G·total_l − running_l)]
    /// (word s of lane l is at position l + 1 + 4s, and Σ s·v_s = G·total − running).
    private mutating func addGroups(_ bytes: UnsafeRawBufferPointer) {
        let groups = bytes.count / 16
        // Vectors of four lanes (the compiler's SIMD adds); little-endian, as the mapped matrix is.
        var totals = SIMD4<UInt64>(repeating: 0), runnings = SIMD4<UInt64>(repeating: 0)
        for group in 0 ..< groups {
            let words = bytes.loadUnaligned(fromByteOffset: group * 16, as: SIMD4<UInt32>.self)
            totals &+= SIMD4<UInt64>(truncatingIfNeeded: words)
            runnings &+= totals
        }
        let count = UInt64(groups)
        func weighted(_ lane: UInt64, _ total: UInt64, _ running: UInt64) -> UInt64 {
            (lane &+ 1) &* total &+ 4 &* (count &* total &- running)
        }
        let blockSum = totals[0] &+ totals[1] &+ totals[2] &+ totals[3]
        let blockWeighted = weighted(0, totals[0], runnings[0]) &+ weighted(1, totals[1], runnings[1])
            &+ weighted(2, totals[2], runnings[2]) &+ weighted(3, totals[3], runnings[3])
        // The block's positions start after the `words` already summed.
        weightedSum &+= blockWeighted &+ words &* blockSum
        sum &+= blockSum
        words &+= 4 &* count
    }
}

/// Non-finite binary16 values found by their bits: an all-ones exponent (NaN or ±infinity).
/// Shared by the cache's checks of stored vectors and the `.npy` reader's check of a file.
public enum HalfFinite {
    /// Whether every value is finite: branch-free (a bitwise OR of flags), so the loop vectorizes.
    public static func allFinite(_ halves: UnsafeBufferPointer<UInt16>) -> Bool {
        var any: UInt16 = 0
        for half in halves { any |= (half & 0x7C00 == 0x7C00) ? 1 : 0 }
        return any == 0
    }

    /// The index of the first non-finite value, if any.
    public static func firstNonFinite(_ halves: UnsafeBufferPointer<UInt16>) -> Int? {
        allFinite(halves) ? nil : halves.firstIndex { $0 & 0x7C00 == 0x7C00 }
    }
}

/// GPT-2's bijection between the 256 byte values and 256 printable characters, so every byte
/// of a text can be a vocabulary symbol: printable Latin-1 bytes stand for themselves, the others
/// (controls, space, NBSP, soft hyphen) are shifted to U+0100…U+0143 in byte order (space is "Ġ").
enum ByteLevelAlphabet {
    /// The character standing for each byte value.
    static let characterForByte: [Unicode.Scalar] = {
        var characters = [Unicode.Scalar](repeating: " ", count: 256)
        var shifted: UInt32 = 0
        for byte in 0..<256 {
            if standsForItself(UInt8(byte)) {
                characters[byte] = Unicode.Scalar(UInt8(byte))
            } else {
                // 256 + n is below 0x200, always a valid scalar.
                characters[byte] = Unicode.Scalar(256 + shifted) ?? " "
                shifted += 1
            }
        }
        return characters
    }()

    /// The byte each alphabet character stands for, indexed by scalar value (< 0x144); -1 for others.
    private static let byteForScalarValue: [Int16] = {
        var bytes = [Int16](repeating: -1, count: 0x144)
        for (byte, character) in characterForByte.enumerated() { bytes[Int(character.value)] = Int16(byte) }
        return bytes
    }()

    /// The byte `character` stands for, or nil when it is not one of the 256 alphabet characters.
    @inline(__always)
    static func byte(for character: Unicode.Scalar) -> UInt8? {
        let value = Int(character.value)
        guard value < byteForScalarValue.count else { return nil }
        let byte = byteForScalarValue[value]
        return byte < 0 ? nil : UInt8(byte)
    }

    /// GPT-2 keeps `!`…`~`, `¡`…`¬` and `®`…`ÿ` as they are.
    private static func standsForItself(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
    }

    /// The alphabet character for the space byte ("Ġ", U+0120).
    static let space: Unicode.Scalar = "\u{120}"
}

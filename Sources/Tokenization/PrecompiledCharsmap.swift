import Foundation

/// SentencePiece's `precompiled_charsmap`: a little-endian u32 byte size of the trie, the
/// trie as u32 units (a Darts double array over UTF-8 bytes), then the replacement strings,
/// each ending in NUL. A trie value is the byte offset of a replacement in that string table.
struct PrecompiledCharsmap: Sendable {
    /// Why a charsmap blob cannot be used.
    enum ParseError: Error, Equatable {
        case notBase64
        /// Fewer than the 4 bytes of the trie size.
        case truncatedHeader(length: Int)
        /// The trie size says more bytes than the blob has.
        case trieLargerThanBlob(declared: Int, available: Int)
        case emptyTrie
        case replacementsNotUTF8
    }

    private let units: [UInt32]
    private let replacements: [UInt8]

    init(base64: String) throws(ParseError) {
        guard let data = Data(base64Encoded: base64) else { throw .notBase64 }
        try self.init(blob: [UInt8](data))
    }

    init(blob: [UInt8]) throws(ParseError) {
        guard blob.count >= 4 else { throw .truncatedHeader(length: blob.count) }
        let trieSize = Int(Self.littleEndianUInt32(blob, at: 0))
        // As spm_precompiled: the trie is trieSize / 4 whole units; any remainder belongs to the strings.
        let unitCount = trieSize / 4
        guard unitCount * 4 <= blob.count - 4 else {
            throw .trieLargerThanBlob(declared: trieSize, available: blob.count - 4)
        }
        guard unitCount > 0 else { throw .emptyTrie }
        var units: [UInt32] = []
        units.reserveCapacity(unitCount)
        for index in 0..<unitCount { units.append(Self.littleEndianUInt32(blob, at: 4 + index * 4)) }
        let replacements = Array(blob[(4 + unitCount * 4)...])
        guard String(validating: replacements, as: UTF8.self) != nil else { throw .replacementsNotUTF8 }
        self.units = units
        self.replacements = replacements
    }

    private static func littleEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    /// The replacement for `key` (UTF-8), as spm_precompiled's `transform`: the value of the
    /// *first* (shortest) trie key that is a prefix of `key`, stopping at a NUL byte. A trie
    /// that points outside itself or into the middle of a character gives no replacement
    /// (the Rust code would panic).
    func replacement(for key: some Collection<UInt8>) -> [Unicode.Scalar]? {
        guard let offset = firstPrefixValue(key) else { return nil }
        guard offset < replacements.count else { return nil }
        var end = offset
        while end < replacements.count && replacements[end] != 0 { end += 1 }
        guard let string = String(validating: replacements[offset..<end], as: UTF8.self) else { return nil }
        return Array(string.unicodeScalars)
    }

    private func firstPrefixValue(_ key: some Collection<UInt8>) -> Int? {
        var position = 0
        guard var unit = unit(at: position) else { return nil }
        position ^= Self.offset(unit)
        for byte in key {
            if byte == 0 { break }
            position ^= Int(byte)
            guard let next = self.unit(at: position) else { return nil }
            unit = next
            guard Self.label(unit) == UInt32(byte) else { return nil }
            position ^= Self.offset(unit)
            if Self.hasLeaf(unit) {
                guard let leaf = self.unit(at: position) else { return nil }
                return Int(leaf & 0x7FFF_FFFF)
            }
        }
        return nil
    }

    private func unit(at position: Int) -> UInt32? {
        position >= 0 && position < units.count ? units[position] : nil
    }

    private static func hasLeaf(_ unit: UInt32) -> Bool { (unit >> 8) & 1 == 1 }
    private static func label(_ unit: UInt32) -> UInt32 { unit & (0x8000_0000 | 0xFF) }
    private static func offset(_ unit: UInt32) -> Int { Int(unit >> 10) << Int((unit & (1 << 9)) >> 6) }
}

/// The generated tables of `LibraryUnicodeTables`, decoded once into lookup structures.
///
/// Properties live in a two-stage table (256-scalar blocks, identical blocks shared), so a
/// lookup is two array reads; mappings are dictionaries consulted only when a property bit
/// says the scalar has one.
///
/// `@unchecked Sendable`: the two property buffers are filled once in `init` and never written
/// or freed afterwards (plain pointers keep the hot lookup free of reference counting).
struct LibraryUnicodeData: @unchecked Sendable {
    /// Block number of each 256-scalar block of U+0000...U+10FFFF (0x1100 entries).
    private let blockOfPage: UnsafePointer<UInt16>
    /// The shared blocks, 256 property words each.
    private let blocks: UnsafePointer<UInt32>

    static let shared = LibraryUnicodeData()

    // Mappings are decoded on first use, each on its own: a cased model never needs the
    // lowercase table, a BERT model never the compatibility one.
    static let canonicalDecompositions = scalarMap(LibraryUnicodeTables.canonicalDecompositions)
    static let compatibilityDecompositions = scalarMap(LibraryUnicodeTables.compatibilityDecompositions)
    static let lowercaseMappings = scalarMap(LibraryUnicodeTables.lowercaseMappings)
    /// (first << 32 | second) → composite.
    static let compositions: [UInt64: Unicode.Scalar] = {
        var compositions: [UInt64: Unicode.Scalar] = [:]
        var key: UInt32 = 0
        for entry in entries(LibraryUnicodeTables.canonicalCompositions) {
            key &+= entry.key
            guard entry.values.count == 2, let composite = Unicode.Scalar(key) else { continue }
            compositions[UInt64(entry.values[0]) << 32 | UInt64(entry.values[1])] = composite
        }
        return compositions
    }()

    private init() {
        // Runs as absolute (start, value), with a sentinel past the last code point.
        var runs: [(start: UInt32, value: UInt32)] = []
        var position: UInt32 = 0
        for entry in Self.entries(LibraryUnicodeTables.propertyRuns) {
            position &+= entry.key
            runs.append((position, entry.values.first ?? 0))
        }
        runs.append((0x110000, 0))
        var pages: [UInt16] = []
        pages.reserveCapacity(0x1100)
        var blocks: [UInt32] = []
        // Most pages lie inside one run (whole planes are unassigned): those share one block
        // per value, and only mixed pages are built scalar by scalar.
        var uniformBlocks: [UInt32: UInt16] = [:]
        var mixedBlocks: [[UInt32]: UInt16] = [:]
        var runIndex = 0
        for page in UInt32(0)..<0x1100 {
            let pageStart = page << 8, pageEnd = pageStart + 256
            while runIndex + 1 < runs.count && runs[runIndex + 1].start <= pageStart { runIndex += 1 }
            let number: UInt16
            if runs[runIndex + 1].start >= pageEnd {
                let value = runs[runIndex].value
                if let known = uniformBlocks[value] {
                    number = known
                } else {
                    number = UInt16(truncatingIfNeeded: blocks.count / 256)
                    blocks.append(contentsOf: repeatElement(value, count: 256))
                    uniformBlocks[value] = number
                }
            } else {
                var block = [UInt32](repeating: 0, count: 256)
                var index = runIndex
                for offset in 0..<256 {
                    let value = pageStart + UInt32(offset)
                    while index + 1 < runs.count && runs[index + 1].start <= value { index += 1 }
                    block[offset] = runs[index].value
                }
                if let known = mixedBlocks[block] {
                    number = known
                } else {
                    number = UInt16(truncatingIfNeeded: blocks.count / 256)
                    blocks.append(contentsOf: block)
                    mixedBlocks[block] = number
                }
            }
            pages.append(number)
        }
        blockOfPage = UnsafePointer(Self.immortalCopy(of: pages))
        self.blocks = UnsafePointer(Self.immortalCopy(of: blocks))
    }

    /// The property word of the scalar `value`: flag bits | combining class << 24.
    @inline(__always)
    func properties(_ value: UInt32) -> UInt32 {
        // A Unicode.Scalar's value is at most 0x10FFFF, so the page is below 0x1100.
        let page = Int(min(value, 0x10FFFF) >> 8)
        return blocks[Int(blockOfPage[page]) << 8 | Int(value & 0xFF)]
    }

    /// A heap copy of `array` that lives as long as the process.
    private static func immortalCopy<Element>(of array: [Element]) -> UnsafeMutablePointer<Element> {
        let buffer = UnsafeMutablePointer<Element>.allocate(capacity: array.count)
        buffer.initialize(from: array, count: array.count)
        return buffer
    }

    /// Parses "key:v,v,...;key:v;..." (hex, keys as deltas, line breaks ignored).
    private static func entries(_ text: String) -> [(key: UInt32, values: [UInt32])] {
        var result: [(key: UInt32, values: [UInt32])] = []
        var key: UInt32 = 0
        var values: [UInt32] = []
        var number: UInt32 = 0
        var inKey = true
        func finish() {
            if inKey { key = number } else { values.append(number) }
            number = 0
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): number = number &<< 4 | UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "A")...UInt8(ascii: "F"): number = number &<< 4 | UInt32(byte - UInt8(ascii: "A") + 10)
            case UInt8(ascii: ":"):
                finish()
                inKey = false
            case UInt8(ascii: ","):
                finish()
            case UInt8(ascii: ";"):
                finish()
                result.append((key, values))
                values = []
                inKey = true
            default:
                continue  // line breaks
            }
        }
        finish()
        result.append((key, values))
        return result
    }

    private static func scalarMap(_ text: String) -> [UInt32: [Unicode.Scalar]] {
        var map: [UInt32: [Unicode.Scalar]] = [:]
        var key: UInt32 = 0
        for entry in entries(text) {
            key &+= entry.key
            map[key] = entry.values.compactMap(Unicode.Scalar.init)
        }
        return map
    }
}

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
    let canonicalDecompositions: [UInt32: [Unicode.Scalar]]
    let compatibilityDecompositions: [UInt32: [Unicode.Scalar]]
    /// (first << 32 | second) → composite.
    let compositions: [UInt64: Unicode.Scalar]
    let lowercaseMappings: [UInt32: [Unicode.Scalar]]

    static let shared = LibraryUnicodeData()

    private init() {
        var pages: [UInt16] = []
        pages.reserveCapacity(0x1100)
        var blocks: [UInt32] = []
        var blockIndex: [[UInt32]: UInt16] = [:]
        let runs = Self.entries(LibraryUnicodeTables.propertyRuns)
        var runIndex = 0
        var start: UInt32 = 0
        var current: UInt32 = 0
        var block = [UInt32](repeating: 0, count: 256)
        for page in UInt32(0)..<0x1100 {
            for offset in UInt32(0)..<256 {
                let value = page << 8 | offset
                while runIndex < runs.count && start + runs[runIndex].key <= value {
                    start += runs[runIndex].key
                    current = runs[runIndex].values.first ?? 0
                    runIndex += 1
                }
                block[Int(offset)] = current
            }
            if let known = blockIndex[block] {
                pages.append(known)
            } else {
                let number = UInt16(truncatingIfNeeded: blocks.count / 256)
                blockIndex[block] = number
                blocks.append(contentsOf: block)
                pages.append(number)
            }
        }
        blockOfPage = UnsafePointer(Self.immortalCopy(of: pages))
        self.blocks = UnsafePointer(Self.immortalCopy(of: blocks))
        canonicalDecompositions = Self.scalarMap(LibraryUnicodeTables.canonicalDecompositions)
        compatibilityDecompositions = Self.scalarMap(LibraryUnicodeTables.compatibilityDecompositions)
        lowercaseMappings = Self.scalarMap(LibraryUnicodeTables.lowercaseMappings)
        var compositions: [UInt64: Unicode.Scalar] = [:]
        var key: UInt32 = 0
        for entry in Self.entries(LibraryUnicodeTables.canonicalCompositions) {
            key &+= entry.key
            guard entry.values.count == 2, let composite = Unicode.Scalar(key) else { continue }
            compositions[UInt64(entry.values[0]) << 32 | UInt64(entry.values[1])] = composite
        }
        self.compositions = compositions
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

import Foundation
import Testing
import TestSupport

/// A per-code-point reference from `Tests/Fixtures/reference/unicode-scan/<name>.txt`
/// (written by `Tests/Fixtures/generators/unicode_scans.py`): for each 256-code-point block an
/// FNV-1a 64 hash of the lines the library gives its code points, and a sample of lines in full.
struct UnicodeScan {
    let name: String
    /// Full reference lines by code point.
    let samples: [UInt32: String]
    /// Block start → hash of the block's lines.
    let blocks: [(start: UInt32, hash: UInt64)]

    static let directory = Fixtures.root.appendingPathComponent("reference/unicode-scan")
    static let blockSize: UInt32 = 256

    init(_ name: String) throws {
        self.name = name
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name + ".txt"), encoding: .utf8)
        var samples: [UInt32: String] = [:]
        var blocks: [(start: UInt32, hash: UInt64)] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ", maxSplits: 1)
            guard fields.count == 2 else { continue }
            if fields[0] == "sample" {
                let key = fields[1].prefix { $0 != "|" }
                if let value = UInt32(key, radix: 16) { samples[value] = String(fields[1]) }
            } else if fields[0] == "block" {
                let parts = fields[1].split(separator: " ")
                if parts.count == 2, let start = UInt32(parts[0], radix: 16), let hash = UInt64(parts[1], radix: 16) {
                    blocks.append((start, hash))
                }
            }
        }
        self.samples = samples
        self.blocks = blocks
    }

    /// Compares `line(scalar)` with the library's line for every code point of the reference:
    /// sample lines one by one, then every block's hash. Records an issue naming each
    /// differing sample and the first differing blocks; returns the number of differing blocks.
    @discardableResult
    func expectMatches(_ line: @Sendable (Unicode.Scalar) -> String) -> Int {
        #expect(blocks.count > 500, "\(name): the reference has only \(blocks.count) blocks")
        var differingSamples = 0
        for (value, expected) in samples.sorted(by: { $0.key < $1.key }) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let actual = line(scalar)
            if actual != expected {
                differingSamples += 1
                if differingSamples <= 10 {
                    Issue.record("\(name): U+\(Self.hex(value)) differs\n  got      \(actual)\n  expected \(expected)")
                }
            }
        }
        // Blocks are independent: hash them on every core.
        let results = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: blocks.count)
        defer { results.deallocate() }
        let starts = blocks.map(\.start)
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: starts.count) { index in
            output[index] = Self.hash(blockStart: starts[index], line)
        }
        var differing: [UInt32] = []
        for (index, block) in blocks.enumerated() where results[index] != block.hash {
            differing.append(block.start)
        }
        for start in differing.prefix(5) {
            let first = (start..<start + Self.blockSize).lazy.compactMap(Unicode.Scalar.init).prefix(2).map(line)
            Issue.record("""
                \(name): block U+\(Self.hex(start))–U+\(Self.hex(start + Self.blockSize - 1)) differs from the library \
                (its lines: python3 Tests/Fixtures/generators/unicode_scans.py --show \(name) \(Self.hex(start))); ours begin:
                  \(first.joined(separator: "\n  "))
                """)
        }
        #expect(differing.isEmpty, "\(name): \(differing.count) of \(blocks.count) blocks differ, \(differingSamples) samples")
        return differing.count
    }

    private static func hash(blockStart: UInt32, _ line: (Unicode.Scalar) -> String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for value in blockStart..<blockStart + blockSize {
            guard let scalar = Unicode.Scalar(value) else { continue }  // surrogates have no line
            for byte in line(scalar).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            hash = (hash ^ 0x0A) &* 0x100_0000_01B3
        }
        return hash
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Scalars as the generator writes them: upper-case hex separated by spaces.
    static func hexes(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        scalars.map { String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
    }

    /// The line of a tokenizer scan: "cp|ids|offsets" for the scalar alone, then for "a" + scalar + "b".
    static func tokenizerLine(_ scalar: Unicode.Scalar, tokenize: (String) -> [(id: Int32, start: Int, end: Int)]) -> String {
        var parts = [String(scalar.value, radix: 16, uppercase: true)]
        for text in [String(Character(scalar)), "a" + String(Character(scalar)) + "b"] {
            let tokens = tokenize(text)
            parts.append(tokens.map { String($0.id) }.joined(separator: ","))
            parts.append(tokens.map { "\($0.start)-\($0.end)" }.joined(separator: ","))
        }
        return parts.joined(separator: "|")
    }
}

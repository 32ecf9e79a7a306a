import Foundation
import Inference
import Testing
import TestSupport

/// Random damage to a valid file must give a file that opens or an error, never a crash.
@Suite("SafeTensorsFile robustness")
struct SafeTensorsFileFuzzTests {
    @Test("2,000 randomly mutated and truncated files open or throw, never trap")
    func mutatedFiles() throws {
        let directory = try TemporaryDirectory()
        let valid = MicroBert.writer().fileBytes()
        let url = directory.file("model.safetensors")
        var generator = LinearCongruentialGenerator(seed: 2026)
        var opened = 0, rejected = 0
        // Damage no valid file can have: a cut anywhere, or another length field.
        var mustFail = 0, mustFailOpened: [Int] = []
        for round in 0..<2000 {
            var bytes = valid
            switch round % 4 {
            case 0:  // flip a few bytes anywhere in the header region
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let index = Int.random(in: 0 ..< min(bytes.count, 2200), using: &generator)
                    bytes[index] = UInt8.random(in: 0...255, using: &generator)
                }
            case 1:  // cut the file short
                bytes = Array(bytes.prefix(Int.random(in: 0 ..< bytes.count, using: &generator)))
                mustFail += 1
            case 2:  // replace one digit of the header by another
                let digits = bytes.indices.filter { $0 >= 8 && $0 < 2200 && (48...57).contains(bytes[$0]) }
                if let index = digits.randomElement(using: &generator) {
                    bytes[index] = UInt8.random(in: 48...57, using: &generator)
                }
            default:  // corrupt the length field
                bytes[Int.random(in: 0..<8, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                if bytes[0..<8] != valid[0..<8] { mustFail += 1 }
            }
            let damageIsFatal = round % 4 == 1 || (round % 4 == 3 && bytes[0..<8] != valid[0..<8])
            // Atomic: a new file each round, never truncating one that might still be mapped.
            try Data(bytes).write(to: url, options: .atomic)
            do {
                let file = try SafeTensorsFile(url: url)
                // Whatever opened must be loadable tensor by tensor without trapping.
                for name in file.tensors.keys { _ = try? file.floatTensor(named: name).values.reduce(0, +) }
                opened += 1
                if damageIsFatal { mustFailOpened.append(round) }
            } catch is InferenceError {
                rejected += 1
            }
        }
        #expect(mustFailOpened.isEmpty, "cut files or wrong header lengths opened in rounds \(mustFailOpened)")
        #expect(mustFail > 900)
        // Byte flips inside string values and digit swaps leave some files valid.
        #expect(rejected > mustFail && opened > 0)
    }
}

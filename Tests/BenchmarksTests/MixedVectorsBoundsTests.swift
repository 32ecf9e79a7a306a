import Benchmarks
import Foundation
import Testing

/// `bench search --approx --mix-from FILE` takes the dimension from the file, so the size of
/// the matrices it would make is checked against the bound before any is made.
@Suite struct MixedVectorsBoundsTests {
    /// A version 1.0 `.npy` of float32 `rows × dimension`, all ones.
    private func writeOnes(rows: Int, dimension: Int) throws -> String {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(dimension)), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        let length = header.utf8.count
        var bytes = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
        for _ in 0..<(rows * dimension) { withUnsafeBytes(of: Float(1).bitPattern.littleEndian) { bytes += $0 } }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mix-\(UUID().uuidString).npy").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aMatrixOverTheBoundIsRefusedBeforeAnyIsMade() throws {
        let path = try writeOnes(rows: 4, dimension: 8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let benchmark = ApproximateSearchBenchmark(k: 10, timedQueries: 1)
        var lines: [String] = []
        // 2^30 rows × 8 = 2^33 values: refused, and the small count before it is not run either.
        let error = #expect(throws: BenchmarkError.self) {
            try benchmark.report(mixingFrom: path, rowCounts: [16, 1 << 30], queries: 2) { lines.append($0) }
        }
        #expect(lines.isEmpty)
        #expect("\(error.map { "\($0)" } ?? "")".contains("1073741824 rows × its dimension 8"))
        #expect(throws: BenchmarkError.self) {
            try benchmark.report(mixingFrom: path, rowCounts: [Int.max], queries: 2) { lines.append($0) }
        }
    }
}

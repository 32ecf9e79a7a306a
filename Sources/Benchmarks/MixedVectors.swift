import Dispatch
import Foundation
import HalfFloat
import Inference
import TextInput

/// Rows made from real embeddings by `benchmarks/synthetic_corpus.py`'s recipe, in memory:
/// each mixes two source rows (weights 1 and U(0.15, 0.6)), adds Gaussian noise (σ 0.02) and
/// is made unit length; corpus rows come from one half of the sources, queries from the other.
/// The script's numpy generator is not reproduced (different random numbers, same
/// distribution): this exists because writing and reading back 10,000,000 rows (7.7 GB) costs
/// more than the benchmark itself. Seeded; the rows are made on every core.
struct MixedVectors {
    let source: [[Float]]
    let dimension: Int

    init(sourceFile: String) throws {
        let file = try VectorFiles.open(sourceFile, dimension: nil)
        guard file.rows >= 4 else { throw BenchmarkError.invalidArgument("\(sourceFile): needs at least 4 source rows, has \(file.rows)") }
        source = try file.rows(at: Array(0..<file.rows))
        dimension = file.dimension
    }

    /// `rows` f16 corpus rows and `queries` f32 query rows.
    func make(rows: Int, queries: Int, seed: UInt64) -> (matrix: [UInt16], queries: [[Float]]) {
        var shuffle = SplitMix(seed: seed)
        var order = Array(0..<source.count)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, shuffle.index(below: i + 1)) }
        let querySources = Array(order[..<(order.count / 2)]), corpusSources = Array(order[(order.count / 2)...])
        let dimension = self.dimension
        var matrix = [UInt16](repeating: 0, count: rows * dimension)
        let slices = rows < 65_536 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount) * 4
        let rowsPerSlice = (rows + slices - 1) / slices
        matrix.withUnsafeMutableBufferPointer { halves in
            nonisolated(unsafe) let target = halves
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                var generator = SplitMix(seed: seed &+ UInt64(slice) &* 0x9E37_79B9)
                var row = [Float](repeating: 0, count: dimension)
                let start = slice * rowsPerSlice, end = min(rows, start + rowsPerSlice)
                guard start < end else { return }
                for r in start..<end {
                    mix(into: &row, from: corpusSources, &generator)
                    row.withUnsafeBufferPointer {
                        HalfKernels.encode($0, into: UnsafeMutableBufferPointer(rebasing: target[r * dimension ..< (r + 1) * dimension]))
                    }
                }
            }
        }
        var generator = SplitMix(seed: seed &+ 0xC0FF_EE)
        let queryRows = (0..<queries).map { _ in
            var row = [Float](repeating: 0, count: dimension)
            mix(into: &row, from: querySources, &generator)
            return row
        }
        return (matrix, queryRows)
    }

    private func mix(into row: inout [Float], from sources: [Int], _ generator: inout SplitMix) {
        let first = source[sources[generator.index(below: sources.count)]]
        let second = source[sources[generator.index(below: sources.count)]]
        let weight = 0.15 + 0.45 * generator.unit()
        var squares: Float = 0
        for d in 0..<dimension {
            let value = first[d] + weight * second[d] + 0.02 * generator.gaussian()
            row[d] = value
            squares += value * value
        }
        let scale = squares > 0 ? 1 / squares.squareRoot() : 0
        for d in 0..<dimension { row[d] *= scale }
    }

    /// Inference's SplitMix64 with uniform and Gaussian (Box–Muller) draws.
    struct SplitMix {
        private var bits: SplitMix64
        private var spare: Float?

        init(seed: UInt64) { bits = SplitMix64(seed: seed) }

        mutating func next() -> UInt64 { bits.next() }

        /// Uniform in [0, 1).
        mutating func unit() -> Float { Float(next() >> 40) / Float(1 << 24) }

        mutating func index(below bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }

        mutating func gaussian() -> Float {
            if let spare {
                self.spare = nil
                return spare
            }
            let u = max(unit(), 1e-7), v = unit()
            let radius = (-2 * log(u)).squareRoot()
            spare = radius * sin(2 * Float.pi * v)
            return radius * cos(2 * Float.pi * v)
        }
    }
}

import Foundation
import HalfFloat
import SpaceAnalysis

/// Seeded anisotropic vectors for the sampled-statistics tests: a shared offset (so every
/// pair scores well above 0, as sentence embeddings do) plus Gaussian spread that falls off
/// axis by axis (so the principal axes are well separated: 3, 2, 1.2, 0.8, then 0.3).
enum SyntheticRows {
    static func values(rows: Int, dimension: Int, seed: UInt64 = 7) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        func gaussian() -> Double {
            let u = (Double(generator.next() >> 11) + 0.5) / 9_007_199_254_740_992.0
            let v = Double(generator.next() >> 11) / 9_007_199_254_740_992.0
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        let spread: [Double] = [3, 2, 1.2, 0.8]
        var values = [Float](repeating: 0, count: rows * dimension)
        for row in 0 ..< rows {
            for t in 0 ..< dimension {
                let offset = t % 2 == 0 ? 2.0 : -1.0
                values[row * dimension + t] = Float(offset + gaussian() * (t < spread.count ? spread[t] : 0.3))
            }
        }
        return values
    }

    static func storage(rows: Int, dimension: Int, half: Bool, seed: UInt64 = 7) -> MatrixStorage {
        let values = values(rows: rows, dimension: dimension, seed: seed)
        return half ? .f16(HalfKernels.encode(values)) : .f32(values)
    }
}

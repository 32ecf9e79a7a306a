/// A fast deterministic generator for synthetic unit vectors (search benchmarks need many
/// millions of components; the model's random weights use SplitMix64 instead).
struct SyntheticVectors {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// Roughly uniform in [-1, 1].
    mutating func noise() -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(Int32(truncatingIfNeeded: state >> 32)) / Float(Int32.max)
    }

    /// Roughly uniform in 0..<bound (bound > 0).
    mutating func index(below bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(max(1, bound)))
    }

    /// `count` unit-length rows `[count × dimension]`.
    mutating func unitRows(_ count: Int, dimension: Int) -> [Float] {
        var values = [Float](repeating: 0, count: count * dimension)
        for row in 0..<count {
            var squared: Float = 0
            for d in 0..<dimension {
                let value = noise()
                values[row * dimension + d] = value
                squared += value * value
            }
            let scale = 1 / max(squared.squareRoot(), 1e-12)
            for d in 0..<dimension { values[row * dimension + d] *= scale }
        }
        return values
    }
}

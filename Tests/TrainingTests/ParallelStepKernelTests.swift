import Foundation
import Inference
import Testing
@testable import Training

/// The vectorised and multi-threaded parts of a training step: GELU with its slope, the
/// gradient norm and AdamW with clipping's factor folded in.
@Suite struct ParallelStepKernelTests {
    /// Parameters of the given sizes (some past a chunk, one a chunk and a ragged tail) with seeded gradients.
    static func parameters(_ sizes: [Int], seed: UInt64) -> [Parameter] {
        var generator = Inference.SplitMix64(seed: seed)
        return sizes.enumerated().map { index, size in
            let parameter = Parameter(
                name: index % 2 == 0 ? "layer.\(index).weight" : "layer.\(index).bias", shape: [size],
                values: (0..<size).map { _ in generator.nextSignedUnitFloat() })
            for i in 0..<size { parameter.gradient[i] = generator.nextSignedUnitFloat() * 0.01 }
            return parameter
        }
    }

    static let sizes = [3, 384, ParallelChunks.chunkSize, 2 * ParallelChunks.chunkSize + 13, 1_000]

    @Test func geluWithSlopeIsTheExactFunctionWithinFloatRounding() {
        // 4,001 values (not a multiple of eight: the kernel's masked tail), from −20 to 20.
        let inputs = (0...4_000).map { Float(-20 + Double($0) * 0.01) }
        var slopes = inputs
        var values = [Float](repeating: .nan, count: inputs.count)
        slopes.withUnsafeMutableBufferPointer { slope in
            values.withUnsafeMutableBufferPointer { value in
                LayerKernels.geluWithSlope(slope.baseAddress!, activated: value.baseAddress!, count: inputs.count)
            }
        }
        var worstValue = 0.0, worstSlope = 0.0
        for (index, x) in inputs.enumerated() {
            let u = Double(x)
            let cdf = 0.5 * erfc(-u / 2.0.squareRoot()), density = exp(-0.5 * u * u) / (2 * Double.pi).squareRoot()
            worstValue = max(worstValue, abs(Double(values[index]) - u * cdf) / max(1, abs(u)))
            worstSlope = max(worstSlope, abs(Double(slopes[index]) - (cdf + u * density)))
            // As close as the erff-based scalar functions the backward pass used before.
            let (value, slope) = LayerKernels.geluAndDerivative(x)
            #expect(abs(values[index] - value) <= 3e-7 * max(1, abs(x)), "GELU(\(x))")
            #expect(abs(slopes[index] - slope) <= 3e-7, "GELU'(\(x))")
        }
        #expect(worstValue <= 2e-7, "GELU: \(worstValue) × max(1, |x|)")
        #expect(worstSlope <= 3e-7, "GELU': \(worstSlope)")
    }

    @Test func theGradientNormIsTheSameBitsOnAnyNumberOfThreadsAndMatchesDouble() {
        let parameters = Self.parameters(Self.sizes, seed: 3)
        let chunks = ParallelChunks.chunks(of: parameters)
        #expect(chunks.count == 1 + 1 + 1 + 3 + 1)
        let one = GradientClipping.norm(chunks, threads: 1), two = GradientClipping.norm(chunks, threads: 2)
        let three = GradientClipping.norm(chunks, threads: 3)
        #expect(one.bitPattern == two.bitPattern && one.bitPattern == three.bitPattern)
        var squares = 0.0
        for parameter in parameters { for value in parameter.gradientArray { squares += Double(value) * Double(value) } }
        #expect(abs(one - squares.squareRoot()) <= 1e-12 * squares.squareRoot())
    }

    @Test func adamWWithClippingsFactorIsClippingThenAdamW() {
        // Clipped: the norm of these gradients is about 2.6, far above 0.5.
        let clipped = Self.parameters(Self.sizes, seed: 5), folded = Self.parameters(Self.sizes, seed: 5)
        let first = AdamW(parameters: clipped, weightDecay: 0.01), second = AdamW(parameters: folded, weightDecay: 0.01)
        for step in 0..<3 {
            let norm = GradientClipping.clip(clipped, maxNorm: 0.5)
            first.step(learningRate: 1e-3)
            let factor = GradientClipping.scale(norm: GradientClipping.norm(ParallelChunks.chunks(of: folded)), maxNorm: 0.5)
            #expect(factor < 1 && Double(factor) == Double(Float(0.5 / (norm + 1e-6))), "step \(step)")
            second.step(learningRate: 1e-3, gradientScale: factor)
            for parameter in clipped + folded { parameter.zeroGradient() }
            // New gradients for the next step, the same on both sides.
            for (a, b) in zip(clipped, folded) {
                for i in 0..<a.count {
                    a.gradient[i] = a.values[i] * 0.5
                    b.gradient[i] = b.values[i] * 0.5
                }
            }
        }
        for (a, b) in zip(clipped, folded) { #expect(a.valueArray == b.valueArray, "\(a.name)") }
        #expect(first.state.first == second.state.first && first.state.second == second.state.second)
    }

    @Test func dropoutDecisionsComeFromOneDrawAndKeepTheirRate() {
        var generator = Inference.SplitMix64(seed: 11), again = Inference.SplitMix64(seed: 11)
        let count = 3 * ParallelChunks.chunkSize + 5
        let mask = DropoutMask(count: count, probability: 0.1, generator: &generator)
        // One draw taken from the step's generator, whatever the count.
        let key = again.next()
        #expect(generator.next() == again.next())
        // Decision i: the first output of SplitMix64 seeded with key + i·γ.
        for index in [0, 1, ParallelChunks.chunkSize, count - 1] {
            var stream = Inference.SplitMix64(seed: key &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
            #expect(mask.kept[index] == (Float(stream.next() >> 40) * 0x1p-24 >= 0.1 ? 1 : 0), "decision \(index)")
        }
        let dropped = Double(mask.kept.filter { $0 == 0 }.count) / Double(count)
        #expect(abs(dropped - 0.1) < 0.003, "dropped \(dropped)")
        var values = [Float](repeating: 2, count: count)
        mask.apply(to: &values, count: count)
        #expect(values.enumerated().allSatisfy { $1 == (mask.kept[$0] == 1 ? 2 * mask.scale : 0) })
    }
}

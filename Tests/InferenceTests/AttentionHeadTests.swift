import Foundation
import Inference
import TestSupport
import Testing

/// One head's attention against a plain double-precision computation, for sequence lengths
/// around the kernels' 4-row and 16-key steps and head sizes of 8, 16 + 8 and 64, without
/// and with a relative position bias (MPNet's: B[i, j] = bias[j − i]).
@Suite("Attention of one head")
struct AttentionHeadTests {
    private struct Case: CustomTestStringConvertible {
        let tokens, headSize: Int
        var testDescription: String { "\(tokens) tokens, \(headSize) dimensions" }
    }

    private static let cases: [Case] = [
        Case(tokens: 1, headSize: 8), Case(tokens: 3, headSize: 24), Case(tokens: 16, headSize: 32),
        Case(tokens: 17, headSize: 32), Case(tokens: 45, headSize: 64), Case(tokens: 256, headSize: 32),
    ]

    /// softmax(scale · Q·Kᵀ + B)·V in Double; B[i, j] = `bias(j − i)`.
    private static func expected(
        _ q: [Float], _ k: [Float], _ v: [Float], stride: Int, case c: Case, scale: Double, bias: (Int) -> Double
    ) -> [Double] {
        var context = [Double](repeating: 0, count: c.tokens * c.headSize)
        for i in 0..<c.tokens {
            let scores = (0..<c.tokens).map { j in
                scale * (0..<c.headSize).reduce(0.0) { $0 + Double(q[i * stride + $1]) * Double(k[j * stride + $1]) }
                    + bias(j - i)
            }
            let maximum = scores.max() ?? 0
            let weights = scores.map { Foundation.exp($0 - maximum) }
            let total = weights.reduce(0, +)
            for j in 0..<c.tokens {
                for p in 0..<c.headSize { context[i * c.headSize + p] += weights[j] / total * Double(v[j * stride + p]) }
            }
        }
        return context
    }

    @Test("accelerated and portable kernels equal the plain computation", arguments: cases, [false, true])
    private func matchesPlainComputation(_ c: Case, withBias: Bool) {
        // Q, K and V interleaved in wider rows, as the forward pass stores them.
        let stride = 3 * c.headSize + 5
        var generator = TestSupport.SplitMix64(seed: UInt64(c.tokens * 100 + c.headSize))
        let rows = (0..<c.tokens * stride).map { _ in Float.random(in: -2...2, using: &generator) }
        let q = rows, k = Array(rows.dropFirst(c.headSize)), v = Array(rows.dropFirst(2 * c.headSize))
        let scale = 1 / Double(c.headSize).squareRoot()
        // Distances −(n − 1) … n − 1, then the 16 the accelerated kernel may read past them
        // (as NaN: a padded key's score must not reach the context).
        let centre = c.tokens - 1
        let bias = (0 ..< 2 * c.tokens - 1).map { _ in Float.random(in: -3...3, using: &generator) }
            + [Float](repeating: .nan, count: 16)
        let reference = Self.expected(q, k, v, stride: stride, case: c, scale: scale) {
            withBias ? Double(bias[centre + $0]) : 0
        }
        let kernels: [AttentionHead.Kernel] =
            AttentionHead.Kernel.best(headSize: c.headSize) == .accelerated ? [.accelerated, .portable] : [.portable]
        for kernel in kernels {
            // Context rows wider than the head, with a sentinel around each, to see nothing else is written.
            let contextStride = c.headSize + 3
            var context = [Float](repeating: 99, count: c.tokens * contextStride)
            rows.withUnsafeBufferPointer { rows in
                bias.withUnsafeBufferPointer { bias in
                    context.withUnsafeMutableBufferPointer { context in
                        let base = rows.baseAddress!
                        AttentionHead.compute(
                            tokenCount: c.tokens, headSize: c.headSize, query: base, key: base + c.headSize,
                            value: base + 2 * c.headSize, stride: stride, scale: Float(scale),
                            positionBias: withBias ? bias.baseAddress! + centre : nil,
                            into: context.baseAddress!, contextStride: contextStride, kernel: kernel)
                    }
                }
            }
            var worst = 0.0
            for i in 0..<c.tokens {
                for p in 0..<c.headSize {
                    worst = max(worst, abs(Double(context[i * contextStride + p]) - reference[i * c.headSize + p]))
                }
                #expect(context[i * contextStride + c.headSize ..< (i + 1) * contextStride].allSatisfy { $0 == 99 })
            }
            #expect(worst <= 2e-6, "\(kernel), bias \(withBias): |Δ| \(worst)")
        }
    }
}

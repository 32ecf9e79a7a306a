import Foundation
import Inference
import TestSupport
import Testing

/// The packed-weight product against a plain double-precision product, on every edge the
/// kernel has: rows not a multiple of its 6-row tiles or 24-row blocks, outputs not a
/// multiple of its 16-wide panels, inputs not a multiple of 8 or more than one 512-input
/// block, column slices.
@Suite("PackedLinear products")
struct PackedLinearTests {
    private struct Case: CustomTestStringConvertible {
        let rows, outputs, inputs: Int
        var testDescription: String { "\(rows) × \(inputs) · (\(outputs) × \(inputs))ᵀ" }
    }

    private static let cases: [Case] = [
        Case(rows: 3, outputs: 5, inputs: 0),
        Case(rows: 1, outputs: 1, inputs: 1),
        Case(rows: 5, outputs: 15, inputs: 7),
        Case(rows: 6, outputs: 16, inputs: 8),
        Case(rows: 7, outputs: 17, inputs: 33),
        Case(rows: 13, outputs: 40, inputs: 300),
        Case(rows: 48, outputs: 33, inputs: 64),
        Case(rows: 49, outputs: 48, inputs: 513),  // three row blocks, two input blocks
        Case(rows: 100, outputs: 20, inputs: 1100),
    ]

    private static func random(_ count: Int, _ generator: inout TestSupport.SplitMix64) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    /// Random input rows [rows × inputs] (contiguous) and a random linear map of `c`'s shape.
    private static func randomProduct(
        _ c: Case, _ generator: inout TestSupport.SplitMix64
    ) -> (input: [Float], linear: PackedLinear) {
        let input = random(c.rows * c.inputs, &generator)
        let linear = PackedLinear(
            weights: random(c.outputs * c.inputs, &generator), bias: random(c.outputs, &generator),
            outputSize: c.outputs, inputSize: c.inputs)
        return (input, linear)
    }

    /// (accumulate ? start : 0) + bias + input·Wᵀ, then the activation, in Double (GELU through
    /// `FastMath.gelu`, whose accuracy has its own tests; tanh-GELU and ReLU exactly); input rows
    /// `inputStride` apart, start and result rows `outputs` apart.
    private static func expected(
        _ input: [Float], inputStride: Int, _ weights: [Float], _ bias: [Float], start: [Float], case c: Case,
        accumulate: Bool, activation: PackedLinear.Activation
    ) -> [Double] {
        var result = [Double](repeating: 0, count: c.rows * c.outputs)
        for i in 0..<c.rows {
            for j in 0..<c.outputs {
                var sum = (accumulate ? Double(start[i * c.outputs + j]) : 0) + Double(bias[j])
                for p in 0..<c.inputs { sum += Double(input[i * inputStride + p]) * Double(weights[j * c.inputs + p]) }
                switch activation {
                case .identity: result[i * c.outputs + j] = sum
                case .gelu: result[i * c.outputs + j] = Double(FastMath.gelu(Float(sum)))
                case .geluTanh:
                    let u = (2 / Double.pi).squareRoot() * (sum + 0.044715 * sum * sum * sum)
                    result[i * c.outputs + j] = 0.5 * sum * (1 + Foundation.tanh(u))
                case .relu: result[i * c.outputs + j] = max(sum, 0)
                }
            }
        }
        return result
    }

    private static var kernels: [PackedLinear.Kernel] {
        PackedLinear.Kernel.best == .accelerated ? [.accelerated, .portable] : [.portable]
    }

    @Test("accelerated and portable kernels equal the plain product", arguments: cases)
    private func matchesPlainProduct(_ c: Case) {
        var generator = TestSupport.SplitMix64(seed: UInt64(c.rows * 1_000_003 + c.outputs * 1_009 + c.inputs))
        // Rows wider than the matrices, as when a product reads or writes part of a wider row;
        // the extra output columns hold a sentinel that must survive.
        let inputStride = c.inputs + 3, outputStride = c.outputs + 5, sentinel: Float = 777
        let input = Self.random(c.rows * inputStride, &generator)
        let weights = Self.random(c.outputs * c.inputs, &generator)
        let bias = Self.random(c.outputs, &generator)
        let start = Self.random(c.rows * c.outputs, &generator)
        let linear = PackedLinear(weights: weights, bias: bias, outputSize: c.outputs, inputSize: c.inputs)
        // Rounding of a sum of `inputs` products of values ≤ 1, with a little room.
        let tolerance = 1e-6 * Double(c.inputs + 2)
        for kernel in Self.kernels {
            for accumulate in [false, true] {
                for activation in [PackedLinear.Activation.identity, .gelu, .geluTanh, .relu] {
                    var output = [Float](repeating: sentinel, count: c.rows * outputStride)
                    for i in 0..<c.rows {
                        for j in 0..<c.outputs { output[i * outputStride + j] = start[i * c.outputs + j] }
                    }
                    input.withUnsafeBufferPointer { inputBuffer in
                        output.withUnsafeMutableBufferPointer { outputBuffer in
                            linear.apply(
                                to: inputBuffer.baseAddress!, rowCount: c.rows, inputStride: inputStride,
                                columns: 0 ..< c.outputs, into: outputBuffer.baseAddress!, outputStride: outputStride,
                                accumulate: accumulate, activation: activation, kernel: kernel)
                        }
                    }
                    let reference = Self.expected(
                        input, inputStride: inputStride, weights, bias, start: start, case: c,
                        accumulate: accumulate, activation: activation)
                    var worst = 0.0
                    for i in 0..<c.rows {
                        for j in 0..<c.outputs {
                            worst = max(worst, abs(Double(output[i * outputStride + j]) - reference[i * c.outputs + j]))
                        }
                        let extra = output[i * outputStride + c.outputs ..< (i + 1) * outputStride]
                        #expect(extra.allSatisfy { $0 == sentinel }, "\(kernel): row \(i) written past its outputs")
                    }
                    #expect(worst <= tolerance, "\(kernel), accumulate \(accumulate), \(activation): |Δ| \(worst)")
                }
            }
        }
    }

    @Test("a column slice writes its columns only, and slices together make the whole product")
    func columnSlices() {
        let c = Case(rows: 9, outputs: 50, inputs: 24)
        var generator = TestSupport.SplitMix64(seed: 7)
        let (input, linear) = Self.randomProduct(c, &generator)
        func product(_ slices: [Range<Int>], into initial: [Float], kernel: PackedLinear.Kernel) -> [Float] {
            var output = initial
            input.withUnsafeBufferPointer { inputBuffer in
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    for columns in slices {
                        linear.apply(
                            to: inputBuffer.baseAddress!, rowCount: c.rows, inputStride: c.inputs, columns: columns,
                            into: outputBuffer.baseAddress!, outputStride: c.outputs, accumulate: false, kernel: kernel)
                    }
                }
            }
            return output
        }
        let sentinel = [Float](repeating: 12345, count: c.rows * c.outputs)
        for kernel in Self.kernels {
            let middle = product([16 ..< 37], into: sentinel, kernel: kernel)
            for i in 0..<c.rows {
                for j in 0..<c.outputs where !(16 ..< 37).contains(j) {
                    #expect(middle[i * c.outputs + j] == 12345, "\(kernel): row \(i), column \(j) was written")
                }
            }
            let whole = product([0 ..< c.outputs], into: sentinel, kernel: kernel)
            #expect(product([0 ..< 16, 16 ..< 32, 32 ..< 48, 48 ..< 50], into: sentinel, kernel: kernel) == whole)
        }
    }

    @Test("a row's results do not depend on how many rows share the product (bit for bit)")
    func rowsAreIndependent() {
        let c = Case(rows: 103, outputs: 32, inputs: 1030)
        var generator = TestSupport.SplitMix64(seed: 3)
        let (input, linear) = Self.randomProduct(c, &generator)
        let start = Self.random(c.rows * c.outputs, &generator)
        func product(rows: Range<Int>, kernel: PackedLinear.Kernel, accumulate: Bool) -> [Float] {
            var output = Array(start[rows.lowerBound * c.outputs ..< rows.upperBound * c.outputs])
            input.withUnsafeBufferPointer { inputBuffer in
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    linear.apply(
                        to: inputBuffer.baseAddress! + rows.lowerBound * c.inputs, rowCount: rows.count,
                        inputStride: c.inputs, columns: 0 ..< c.outputs, into: outputBuffer.baseAddress!,
                        outputStride: c.outputs, accumulate: accumulate, activation: .gelu, kernel: kernel)
                }
            }
            return output
        }
        for kernel in Self.kernels {
            for accumulate in [false, true] {
                let all = product(rows: 0 ..< c.rows, kernel: kernel, accumulate: accumulate)
                for row in [0, 5, 6, 23, 24, 47, 48, 101, 102] {
                    let alone = product(rows: row ..< row + 1, kernel: kernel, accumulate: accumulate)
                    #expect(Array(all[row * c.outputs ..< (row + 1) * c.outputs]) == alone,
                            "\(kernel), accumulate \(accumulate): row \(row)")
                }
            }
        }
    }
}

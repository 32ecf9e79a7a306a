import Foundation
import Inference
import TestSupport
import Testing

/// The int8 kernel (`int8_product.h`) against plain integer arithmetic: quantization bit for
/// bit, integer sums exactly, on every edge the kernel has (rows not a multiple of its 6-row
/// tiles or 24-row blocks, outputs not a multiple of its 16-wide panels, odd inputs), the
/// extremes of the int8 range and rows with outliers; then the scaled results against the
/// float product within the error the two roundings allow.
@Suite("Int8Linear products")
struct Int8LinearTests {
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
        Case(rows: 13, outputs: 40, inputs: 301),
        Case(rows: 49, outputs: 48, inputs: 64),  // three row blocks
        Case(rows: 30, outputs: 20, inputs: 1100),
        Case(rows: 8, outputs: 32, inputs: 129),  // a block of 64 and a last block of one input
    ]

    private static func random(_ count: Int, _ generator: inout TestSupport.SplitMix64) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    /// The quantization the kernel promises, written plainly: scale max|x|/127, values
    /// round-to-nearest-even(x · 127/max|x|).
    private static func quantized(_ row: ArraySlice<Float>) -> (values: [Int8], scale: Float) {
        let largest = row.reduce(Float(0)) { max($0, abs($1)) }
        let inverse: Float = largest > 0 ? 127 / largest : 0
        return (row.map { Int8(($0 * inverse).rounded(.toNearestOrEven)) }, largest / 127)
    }

    /// A row as `QuantizedRows` and `Int8Linear` promise: each block of `blockSize` inputs
    /// quantized on its own by `quantized`.
    private static func quantizedBlocks(_ row: ArraySlice<Float>) -> (values: [Int8], scales: [Float]) {
        let blocks = stride(from: row.startIndex, to: row.endIndex, by: QuantizedRows.blockSize).map { start in
            quantized(row[start ..< min(start + QuantizedRows.blockSize, row.endIndex)])
        }
        return (blocks.flatMap(\.values), blocks.map(\.scale))
    }

    /// The block of input `p`.
    private static func block(_ p: Int) -> Int { p / QuantizedRows.blockSize }

    private static let kernels: [PackedLinear.Kernel] = [.portable, .accelerated]

    @Test("quantized rows and weights are the plain definition, bit for bit", arguments: cases)
    private func quantization(_ c: Case) throws {
        var generator = TestSupport.SplitMix64(seed: UInt64(c.rows * 1000 + c.inputs))
        var input = Self.random(c.rows * c.inputs, &generator).map { $0 * 3 }
        // An outlier in every other row: it must cost only its own block's precision.
        for i in stride(from: 0, to: c.rows, by: 2) where c.inputs > 0 { input[i * c.inputs + (i * 37) % c.inputs] = 500 }
        var weights = Self.random(c.outputs * c.inputs, &generator)
        // And in every third weight row: it too must cost only its own block.
        for j in stride(from: 0, to: c.outputs, by: 3) where c.inputs > 0 { weights[j * c.inputs + (j * 53) % c.inputs] = -90 }
        let linear = Int8Linear(weights: weights, bias: [Float](repeating: 0, count: c.outputs), outputSize: c.outputs,
                                inputSize: c.inputs)
        for j in 0..<c.outputs {
            let expected = Self.quantizedBlocks(weights[(j * c.inputs)..<((j + 1) * c.inputs)])
            let packed = linear.quantizedWeights(row: j)
            #expect(packed.values == expected.values && packed.scales == expected.scales, "weight row \(j)")
        }
        for kernel in Self.kernels {
            let rows = QuantizedRows(input, rowCount: c.rows, inputSize: c.inputs, kernel: kernel)
            for i in 0..<c.rows {
                let expected = Self.quantizedBlocks(input[(i * c.inputs)..<((i + 1) * c.inputs)])
                let row = rows.row(i)
                #expect(row.values == expected.values && row.scales == expected.scales, "\(kernel) input row \(i)")
                #expect(row.scales.count == (c.inputs + QuantizedRows.blockSize - 1) / QuantizedRows.blockSize)
            }
        }
    }

    /// Σₚ a[i, p] · w[j, p] in Int64, from the quantized values the types report.
    private static func expectedSums(_ rows: QuantizedRows, _ linear: Int8Linear) -> [Int64] {
        let weights = (0..<linear.outputSize).map { linear.quantizedWeights(row: $0).values }
        return (0..<rows.rowCount).flatMap { i in
            let a = rows.row(i).values
            return weights.map { w in zip(a, w).reduce(Int64(0)) { $0 + Int64($1.0) * Int64($1.1) } }
        }
    }

    @Test("integer sums are exact on every edge shape", arguments: cases)
    private func integerSums(_ c: Case) throws {
        var generator = TestSupport.SplitMix64(seed: UInt64(c.outputs * 7919 + c.inputs))
        let linear = Int8Linear(
            weights: Self.random(c.outputs * c.inputs, &generator), bias: [Float](repeating: 0, count: c.outputs),
            outputSize: c.outputs, inputSize: c.inputs)
        let rows = QuantizedRows(Self.random(c.rows * c.inputs, &generator), rowCount: c.rows, inputSize: c.inputs)
        let expected = Self.expectedSums(rows, linear)
        for kernel in Self.kernels {
            #expect(linear.integerSums(of: rows, kernel: kernel).map(Int64.init) == expected, "\(kernel)")
        }
    }

    @Test("the extremes of the range do not saturate: ±127 · ±127 over 3072 inputs, and outlier rows")
    func extremes() throws {
        let inputs = 3072, outputs = 18, rowCount = 7
        // Weight rows: all +max, all −max, alternating, and random rows with one outlier each.
        var generator = TestSupport.SplitMix64(seed: 20)
        var weights: [Float] = []
        weights += [Float](repeating: 0.5, count: inputs)
        weights += [Float](repeating: -0.5, count: inputs)
        weights += (0..<inputs).map { $0 % 2 == 0 ? 2 : -2 }
        for j in 3..<outputs {
            var row = Self.random(inputs, &generator)
            row[(j * 131) % inputs] = 40
            weights += row
        }
        // Input rows: all +max, all −max (every product −127 · −127 = +16129 in a pair sum of
        // 32258, past int16 once more than one pair is added), alternating, and outlier rows
        // whose other values quantize to small numbers.
        var input: [Float] = []
        input += [Float](repeating: 3, count: inputs)
        input += [Float](repeating: -3, count: inputs)
        input += (0..<inputs).map { $0 % 2 == 0 ? -1 : 1 }
        for i in 3..<rowCount {
            var row = Self.random(inputs, &generator)
            row[(i * 977) % inputs] = i % 2 == 0 ? 1000 : -1000
            input += row
        }
        let linear = Int8Linear(weights: weights, bias: [Float](repeating: 0, count: outputs), outputSize: outputs,
                                inputSize: inputs)
        let rows = QuantizedRows(input, rowCount: rowCount, inputSize: inputs)
        #expect(rows.row(1).values.allSatisfy { $0 == -127 })
        #expect(linear.quantizedWeights(row: 1).values.allSatisfy { $0 == -127 })
        let expected = Self.expectedSums(rows, linear)
        #expect(expected[rowCount * 0 + 0] == Int64(inputs) * 127 * 127)
        #expect(expected[1 * outputs + 1] == Int64(inputs) * 127 * 127)
        #expect(expected[1 * outputs + 0] == -Int64(inputs) * 127 * 127)
        for kernel in Self.kernels {
            #expect(linear.integerSums(of: rows, kernel: kernel).map(Int64.init) == expected, "\(kernel)")
        }
    }

    /// The AVX2 kernel's floats are the portable form's, bit for bit: the same exact block sums,
    /// scaled and added by the same float operations in the same order (with and without a
    /// start value, outliers in inputs and weights, cut into column and row slices).
    @Test("scaled results of the AVX2 kernel equal the portable form's bit for bit", arguments: cases + [
        Case(rows: 25, outputs: 40, inputs: 3072),
    ])
    private func acceleratedEqualsPortable(_ c: Case) throws {
        var generator = TestSupport.SplitMix64(seed: UInt64(c.rows * 17 + c.inputs))
        var input = Self.random(c.rows * c.inputs, &generator)
        var weights = Self.random(c.outputs * c.inputs, &generator)
        if c.inputs > 0 {
            for i in stride(from: 1, to: c.rows, by: 3) { input[i * c.inputs + (i * 71) % c.inputs] = -300 }
            for j in stride(from: 2, to: c.outputs, by: 4) { weights[j * c.inputs + (j * 29) % c.inputs] = 25 }
        }
        let bias = Self.random(c.outputs, &generator)
        let start = Self.random(c.rows * c.outputs, &generator)
        let linear = Int8Linear(weights: weights, bias: bias, outputSize: c.outputs, inputSize: c.inputs)
        let rows = QuantizedRows(input, rowCount: c.rows, inputSize: c.inputs)
        for accumulate in [false, true] {
            let outputs = Self.kernels.map { kernel in
                var output = start
                let columnSlices = c.outputs > 16 ? [0 ..< 16, 16 ..< c.outputs] : [0 ..< c.outputs]
                output.withUnsafeMutableBufferPointer { out in
                    guard let base = out.baseAddress else { return }
                    for columns in columnSlices {
                        for rowRange in [0 ..< c.rows / 3, c.rows / 3 ..< c.rows] {
                            linear.apply(
                                to: rows, rows: rowRange, columns: columns, into: base + rowRange.lowerBound * c.outputs,
                                outputStride: c.outputs, accumulate: accumulate, kernel: kernel)
                        }
                    }
                }
                return output.map(\.bitPattern)
            }
            #expect(outputs[0] == outputs[1], "accumulate \(accumulate)")
        }
    }

    @Test("scaled results: bias, start values, activation and column slices, within the rounding bound", arguments: cases)
    private func scaledProduct(_ c: Case) throws {
        var generator = TestSupport.SplitMix64(seed: UInt64(c.rows * 31 + c.outputs))
        let input = Self.random(c.rows * c.inputs, &generator)
        let weights = Self.random(c.outputs * c.inputs, &generator)
        let bias = Self.random(c.outputs, &generator)
        let start = Self.random(c.rows * c.outputs, &generator)
        let linear = Int8Linear(weights: weights, bias: bias, outputSize: c.outputs, inputSize: c.inputs)
        let rows = QuantizedRows(input, rowCount: c.rows, inputSize: c.inputs)
        for kernel in Self.kernels {
            for activation in [PackedLinear.Activation.identity, .relu] {
                var output = start
                // Two column slices (a panel boundary) and two row slices, as the forward pass cuts them.
                let columnSlices = c.outputs > 16 ? [0 ..< 16, 16 ..< c.outputs] : [0 ..< c.outputs]
                let rowCut = c.rows / 2
                output.withUnsafeMutableBufferPointer { out in
                    guard let base = out.baseAddress else { return }
                    for columns in columnSlices {
                        for rowRange in [0 ..< rowCut, rowCut ..< c.rows] {
                            linear.apply(
                                to: rows, rows: rowRange, columns: columns, into: base + rowRange.lowerBound * c.outputs,
                                outputStride: c.outputs, accumulate: true, activation: activation, kernel: kernel)
                        }
                    }
                }
                for i in 0..<c.rows {
                    let a = rows.row(i), aRow = input[(i * c.inputs)..<((i + 1) * c.inputs)]
                    for j in 0..<c.outputs {
                        let w = linear.quantizedWeights(row: j), wRow = weights[(j * c.inputs)..<((j + 1) * c.inputs)]
                        // What the integers stand for, exactly (integer sums per block, Int64), and
                        // the float product.
                        var blockSums = [Int64](repeating: 0, count: a.scales.count)
                        for p in 0..<c.inputs { blockSums[Self.block(p)] += Int64(a.values[p]) * Int64(w.values[p]) }
                        var quantizedValue = Double(start[i * c.outputs + j]) + Double(bias[j])
                            + blockSums.indices.reduce(0.0) { $0 + Double(a.scales[$1]) * Double(w.scales[$1]) * Double(blockSums[$1]) }
                        var exact = Double(start[i * c.outputs + j]) + Double(bias[j])
                            + zip(aRow, wRow).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                        // Each rounding moves a value by at most half a step: the product by at most this.
                        let bound = (0..<c.inputs).reduce(0.0) { total, p in
                            let aScale = Double(a.scales[Self.block(p)]), wScale = Double(w.scales[Self.block(p)])
                            return total + Double(abs(aRow[aRow.startIndex + p])) * wScale / 2
                                + Double(abs(wRow[wRow.startIndex + p])) * aScale / 2 + aScale * wScale / 4
                        }
                        if activation == .relu {
                            quantizedValue = max(quantizedValue, 0)
                            exact = max(exact, 0)
                        }
                        let computed = Double(output[i * c.outputs + j])
                        #expect(abs(computed - quantizedValue) <= 1e-5 * max(1, abs(quantizedValue)),
                                "\(kernel) \(activation) [\(i), \(j)]: \(computed) vs \(quantizedValue)")
                        #expect(abs(computed - exact) <= bound + 1e-5, "\(kernel) [\(i), \(j)]: \(computed) vs \(exact) ± \(bound)")
                    }
                }
            }
        }
    }
}

/// A model whose layers are wider than int32 sums allow is refused at load, with one line,
/// before any weight is read (a model file's sizes must never reach the kernel).
@Test("--quantize int8 refuses a layer too wide for int32 sums")
func int8RefusesTooWideALayer() throws {
    let directory = try TemporaryDirectory()
    let tooWide = Int8Linear.maximumInputs + 1
    let config = MicroBert.configJSON.replacingOccurrences(of: "\"intermediate_size\": 8", with: "\"intermediate_size\": \(tooWide)")
    try #require(config != MicroBert.configJSON)
    try MicroBert.install(MicroBert.writer(), config: config, in: directory.url)
    #expect(throws: InferenceError.self) { try EncoderModel.load(directory: directory.url, precision: .int8) }
    do {
        _ = try EncoderModel.load(directory: directory.url, precision: .int8)
    } catch {
        #expect("\(error)".contains("run this model without --quantize int8"), "\(error)")
    }
}

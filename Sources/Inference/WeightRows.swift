/// The rows of one or more weight matrices over the same input, as the packers read them: one
/// pointer per output row, in order, and the biases side by side. `PackedLinear` and
/// `Int8Linear` gather their rows here and differ only in how they pack them. It lives for
/// one packing; the pointers are valid while it does.
final class WeightRows {
    /// One row of W [outputs × inputSize] per output, every matrix's rows in turn.
    let pointers: [UnsafePointer<Float>?]
    let inputSize: Int
    let bias: [Float]
    /// The copy `init(weights:…)` made, freed with this.
    private let copy: UnsafeMutablePointer<Float>?

    /// The rows of each of `linears` in turn (all [outᵢ × in] with the same in), and their biases.
    init(_ linears: [EncoderWeights.Linear]) {
        let inputSize = linears.first?.inputSize ?? 0
        precondition(linears.allSatisfy { $0.inputSize == inputSize && $0.bias.count == $0.outputSize },
                     "maps packed together must share their input")
        var pointers: [UnsafePointer<Float>?] = []
        for linear in linears {
            for row in 0..<linear.outputSize { pointers.append(linear.weight.baseAddress + row * inputSize) }
        }
        self.pointers = pointers
        self.inputSize = inputSize
        bias = linears.flatMap(\.bias.values)
        copy = nil
    }

    /// The rows of W [outputSize × inputSize] row-major, with b [outputSize].
    init(weights: [Float], bias: [Float], outputSize: Int, inputSize: Int) {
        precondition(weights.count == outputSize * inputSize && bias.count == outputSize, "shapes do not match")
        // A copy whose address stays valid while this lives (an array's does not outside
        // `withUnsafeBufferPointer`).
        let values = UnsafeMutablePointer<Float>.allocate(capacity: max(weights.count, 1))
        values.initialize(from: weights, count: weights.count)
        pointers = (0..<outputSize).map { UnsafePointer(values + $0 * inputSize) }
        self.inputSize = inputSize
        self.bias = bias
        copy = values
    }

    deinit { copy?.deallocate() }
}

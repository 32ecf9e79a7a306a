import CInferenceKernels

/// A linear map y = x·Wᵀ + b computed in int8: W quantized once, here, symmetrically with
/// one scale per block of 64 inputs of each output row, and packed for the int8 kernel
/// (`int8_product.h`); each input row quantized by `QuantizedRows` before the product, one
/// scale per block of the same 64 inputs, so each block's exact int32 sum is scaled by the
/// product of two scales. Only the two roundings to 8 bits lose anything.
///
/// `@unchecked Sendable`: the packed weights, scales and bias are written only in `init`.
/// (Public for its tests.)
public final class Int8Linear: @unchecked Sendable {
    /// The most inputs one product may sum: |sum| ≤ inputs · 127² must stay an int32.
    public static let maximumInputs = Int(INFERENCE_INT8_MAX_DEPTH)

    /// Outputs (rows of W, summed over every matrix packed).
    public let outputSize: Int
    /// Inputs (columns of W).
    public let inputSize: Int
    private let packedWeights: UnsafeMutablePointer<Int8>
    private let storage: PackedStorage
    private let weightScales: [Float]
    private let bias: [Float]

    /// Floats of `PackedStorage` the packed weights of `outputs` × `inputs` take.
    static func packedCount(outputs: Int, inputs: Int) -> Int {
        max((Int(inference_int8_packed_size(Int32(outputs), Int32(inputs))) + 3) / 4, 1)
    }

    /// Packs the rows of each weight matrix in turn (all with the same input size), as
    /// `PackedLinear`'s initializer of the same form.
    convenience init(_ linears: [EncoderWeights.Linear], into piece: UnsafeMutablePointer<Float>, of storage: PackedStorage) {
        self.init(rows: WeightRows(linears), into: piece, of: storage)
    }

    /// W [outputSize × inputSize] row-major and b [outputSize].
    public convenience init(weights: [Float], bias: [Float], outputSize: Int, inputSize: Int) {
        let rows = WeightRows(weights: weights, bias: bias, outputSize: outputSize, inputSize: inputSize)
        let count = Self.packedCount(outputs: outputSize, inputs: inputSize)
        let storage = PackedStorage(pieces: [count])
        self.init(rows: rows, into: storage.take(count), of: storage)
    }

    private init(rows: WeightRows, into piece: UnsafeMutablePointer<Float>, of storage: PackedStorage) {
        let outputs = rows.pointers.count, inputSize = rows.inputSize
        precondition(inputSize <= Int(INFERENCE_INT8_MAX_DEPTH), "too many inputs for int32 sums")
        outputSize = outputs
        self.inputSize = inputSize
        bias = rows.bias
        self.storage = storage
        let packed = UnsafeMutableRawPointer(piece).bindMemory(
            to: Int8.self, capacity: Int(inference_int8_packed_size(Int32(outputs), Int32(inputSize))))
        var scales = [Float](repeating: 0, count: Int(inference_int8_weight_scale_count(Int32(outputs), Int32(inputSize))))
        rows.pointers.withUnsafeBufferPointer { pointers in
            scales.withUnsafeMutableBufferPointer { scales in
                inference_int8_pack_rows(pointers.baseAddress, Int32(outputs), Int32(inputSize), packed, scales.baseAddress)
            }
        }
        packedWeights = packed
        weightScales = scales
    }

    /// output[:, columns] ← (accumulate ? output[:, columns] : 0) + b[columns]
    ///   + Σ_blocks input block scale · weight block scale · (quantized input)·(quantized W[columns])ᵀ over the block,
    ///   then `activation`,
    /// for the rows `rows` of `input` (quantized over this map's `inputSize`). output is
    /// [rows × outputSize] with rows `outputStride` apart, its first row the first of `rows`.
    /// `columns.lowerBound` must be a multiple of 16, as for `PackedLinear`.
    public func apply(
        to input: QuantizedRows, rows: Range<Int>, columns: Range<Int>, into output: UnsafeMutablePointer<Float>,
        outputStride: Int, accumulate: Bool, activation: PackedLinear.Activation = .identity,
        kernel: PackedLinear.Kernel = .best
    ) {
        precondition(input.inputSize == inputSize, "input quantized for another width")
        precondition(rows.lowerBound >= 0 && rows.upperBound <= input.rowCount, "rows outside the input")
        precondition(
            columns.lowerBound >= 0 && columns.lowerBound % 16 == 0 && columns.upperBound <= outputSize,
            "columns outside the panels")
        precondition(kernel == .portable || AcceleratedKernels.available, "this CPU lacks AVX2/FMA")
        guard !rows.isEmpty, !columns.isEmpty else { return }
        let a = input.values + rows.lowerBound * input.rowLength
        let aScales = input.scales + rows.lowerBound * input.blockCount
        bias.withUnsafeBufferPointer { bias in
            weightScales.withUnsafeBufferPointer { weightScales in
                switch kernel {
                case .accelerated:
                    inference_int8_multiply(
                        Int32(rows.count), Int32(inputSize), a, Int32(input.rowLength), aScales, packedWeights,
                        weightScales.baseAddress, Int32(columns.lowerBound), Int32(columns.upperBound), bias.baseAddress,
                        accumulate ? 1 : 0, activation.kernelCode, output, Int32(outputStride))
                case .portable:
                    inference_int8_multiply_portable(
                        Int32(rows.count), Int32(inputSize), a, Int32(input.rowLength), aScales, packedWeights,
                        weightScales.baseAddress, Int32(columns.lowerBound), Int32(columns.upperBound), bias.baseAddress,
                        accumulate ? 1 : 0, output, Int32(outputStride))
                    TransformerKernels.apply(
                        activation, to: output + columns.lowerBound, rowCount: rows.count, width: columns.count,
                        stride: outputStride)
                }
            }
        }
    }

    /// The exact integer sums Σₚ A[i, p] · Wq[j, p] of every row of `input` and every output,
    /// [rows × outputSize] (what the tests check against plain integer arithmetic).
    public func integerSums(of input: QuantizedRows, kernel: PackedLinear.Kernel = .best) -> [Int32] {
        precondition(input.inputSize == inputSize, "input quantized for another width")
        precondition(kernel == .portable || AcceleratedKernels.available, "this CPU lacks AVX2/FMA")
        var sums = [Int32](repeating: 0, count: input.rowCount * outputSize)
        sums.withUnsafeMutableBufferPointer { sums in
            guard let base = sums.baseAddress, input.rowCount > 0 else { return }
            let sum = kernel == .accelerated ? inference_int8_sums : inference_int8_sums_portable
            sum(Int32(input.rowCount), Int32(inputSize), input.values, Int32(input.rowLength), packedWeights,
                0, Int32(outputSize), base, Int32(outputSize))
        }
        return sums
    }

    /// The quantized weights of output `row` and its blocks' scales (for tests).
    public func quantizedWeights(row: Int) -> (values: [Int8], scales: [Float]) {
        precondition(row >= 0 && row < outputSize, "no such output")
        let length = Int(inference_int8_row_length(Int32(inputSize)))
        let blocks = Int(inference_int8_block_count(Int32(inputSize)))
        let panel = packedWeights + (row / 16) * 16 * length
        let lane = row % 16
        let values = (0..<inputSize).map { p in panel[(p / 2) * 32 + 2 * lane + p % 2] }
        let scales = (0..<blocks).map { b in weightScales[((row / 16) * blocks + b) * 16 + lane] }
        return (values, scales)
    }
}

/// Rows of floats quantized for `Int8Linear`, one scale per block of `blockSize` inputs of a
/// row: scale = max|x| / 127 over the block, q = round(x / scale). Owns its memory; `quantize`
/// may be called again for other rows of the same shape or less.
///
/// `@unchecked Sendable`: the rows are written by `quantize` (disjoint rows from different
/// threads at most), then only read.
public final class QuantizedRows: @unchecked Sendable {
    /// Bytes from one row to the next.
    public let rowLength: Int
    public let rowCount: Int
    public let inputSize: Int
    /// Inputs per scale (the last block of a row may be shorter).
    public static let blockSize = Int(INFERENCE_INT8_BLOCK)
    /// Scales per row: ⌈inputSize / blockSize⌉.
    public let blockCount: Int
    let values: UnsafeMutablePointer<Int8>
    /// [rowCount × blockCount].
    let scales: UnsafeMutablePointer<Float>

    /// Room for `rowCount` rows of `inputSize` values (zeros until quantized).
    public init(rowCount: Int, inputSize: Int) {
        self.rowCount = rowCount
        self.inputSize = inputSize
        rowLength = Int(inference_int8_row_length(Int32(inputSize)))
        blockCount = Int(inference_int8_block_count(Int32(inputSize)))
        values = .allocate(capacity: max(rowCount * rowLength, 1))
        values.initialize(repeating: 0, count: max(rowCount * rowLength, 1))
        scales = .allocate(capacity: max(rowCount * blockCount, 1))
        scales.initialize(repeating: 0, count: max(rowCount * blockCount, 1))
    }

    /// Rows of floats, quantized.
    public convenience init(_ input: [Float], rowCount: Int, inputSize: Int, kernel: PackedLinear.Kernel = .best) {
        precondition(input.count == rowCount * inputSize, "shapes do not match")
        self.init(rowCount: rowCount, inputSize: inputSize)
        input.withUnsafeBufferPointer { input in
            guard let base = input.baseAddress else { return }
            quantize(base, stride: inputSize, rows: 0 ..< rowCount, kernel: kernel)
        }
    }

    deinit {
        values.deallocate()
        scales.deallocate()
    }

    /// Quantizes `rows` of `input` (rows `stride` floats apart, the first at `input`) into the same rows here.
    public func quantize(_ input: UnsafePointer<Float>, stride: Int, rows: Range<Int>, kernel: PackedLinear.Kernel = .best) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= rowCount, "rows outside the buffer")
        precondition(kernel == .portable || AcceleratedKernels.available, "this CPU lacks AVX2/FMA")
        guard !rows.isEmpty else { return }
        let quantize = kernel == .accelerated ? inference_int8_quantize_rows : inference_int8_quantize_rows_portable
        quantize(Int32(rows.count), Int32(inputSize), input + rows.lowerBound * stride, Int32(stride),
                 values + rows.lowerBound * rowLength, Int32(rowLength), scales + rows.lowerBound * blockCount)
    }

    /// Row `row`'s quantized values (without padding) and its blocks' scales.
    public func row(_ row: Int) -> (values: [Int8], scales: [Float]) {
        precondition(row >= 0 && row < rowCount, "no such row")
        return (Array(UnsafeBufferPointer(start: values + row * rowLength, count: inputSize)),
                Array(UnsafeBufferPointer(start: scales + row * blockCount, count: blockCount)))
    }
}

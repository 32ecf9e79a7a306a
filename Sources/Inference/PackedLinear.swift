import CInferenceKernels

/// A linear map y = x·Wᵀ + b whose weights are packed once, when the model loads, into the
/// layout the product kernel reads (panels of 16 outputs, see `packed_product.h`), so no
/// call copies them again. Several maps over the same input can be packed as one (query,
/// key and value: one product instead of three).
///
/// `@unchecked Sendable`: the packed weights and the bias are written only in `init`.
/// (Public for its tests.)
public final class PackedLinear: @unchecked Sendable {
    /// Which implementation of the product to run.
    public enum Kernel: Sendable {
        /// AVX2/FMA: 6 × 16 tiles in registers, the activation fused into the store.
        case accelerated
        /// Plain C, for CPUs without AVX2/FMA (and to test the other against).
        case portable

        /// The fastest this CPU runs.
        public static var best: Kernel { AcceleratedKernels.available ? .accelerated : .portable }
    }

    /// Applied to each result after the bias.
    public enum Activation: Sendable {
        /// gelu: exact (erf); geluTanh: its tanh approximation (`gelu_new`).
        case identity, gelu, geluTanh, relu

        /// The kernel's code for it (`INFERENCE_ACTIVATION_…`).
        var kernelCode: Int32 {
            switch self {
            case .identity: Int32(INFERENCE_ACTIVATION_IDENTITY)
            case .gelu: Int32(INFERENCE_ACTIVATION_GELU)
            case .geluTanh: Int32(INFERENCE_ACTIVATION_GELU_TANH)
            case .relu: Int32(INFERENCE_ACTIVATION_RELU)
            }
        }
    }

    /// Outputs (rows of W, summed over every matrix packed).
    public let outputSize: Int
    /// Inputs (columns of W).
    public let inputSize: Int
    private let packedWeights: UnsafeMutablePointer<Float>
    /// Where `packedWeights` lives (kept alive with it).
    private let storage: PackedStorage
    private let bias: [Float]

    /// Floats the packed weights of `outputs` × `inputs` take (for `PackedStorage`).
    static func packedCount(outputs: Int, inputs: Int) -> Int {
        max(Int(inference_packed_size(Int32(outputs), Int32(inputs))), 1)
    }

    /// Packs the rows of each weight matrix in turn (all [outᵢ × in] with the same in) into
    /// `piece` (`packedCount` floats taken from `storage`), and their biases [outᵢ] the same way.
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
        self.outputSize = rows.pointers.count
        self.inputSize = rows.inputSize
        self.bias = rows.bias
        self.storage = storage
        packedWeights = piece
        rows.pointers.withUnsafeBufferPointer { pointers in
            inference_pack_rows(pointers.baseAddress, Int32(pointers.count), Int32(rows.inputSize), packedWeights)
        }
    }

    /// output[:, columns] ← (accumulate ? output[:, columns] : 0) + input·W[columns]ᵀ + b[columns],
    /// then `activation`, for `rowCount` rows. input is [rows × inputSize] with rows
    /// `inputStride` floats apart, output [rows × outputSize] with rows `outputStride` apart.
    /// `columns.lowerBound` must be a multiple of 16 (`ParallelWork.slice` cuts such slices),
    /// so that parts of one product can run on different threads.
    public func apply(
        to input: UnsafePointer<Float>, rowCount: Int, inputStride: Int,
        columns: Range<Int>, into output: UnsafeMutablePointer<Float>, outputStride: Int,
        accumulate: Bool, activation: Activation = .identity, kernel: Kernel = .best
    ) {
        precondition(
            columns.lowerBound >= 0 && columns.lowerBound % 16 == 0 && columns.upperBound <= outputSize,
            "columns outside the panels")
        precondition(kernel == .portable || AcceleratedKernels.available, "this CPU lacks AVX2/FMA")
        guard rowCount > 0, !columns.isEmpty else { return }
        bias.withUnsafeBufferPointer { bias in
            switch kernel {
            case .accelerated:
                inference_packed_multiply(
                    Int32(rowCount), Int32(inputSize), input, Int32(inputStride), packedWeights, Int32(outputSize),
                    Int32(columns.lowerBound), Int32(columns.upperBound), bias.baseAddress, accumulate ? 1 : 0,
                    activation.kernelCode, output, Int32(outputStride))
            case .portable:
                inference_packed_multiply_portable(
                    Int32(rowCount), Int32(inputSize), input, Int32(inputStride), packedWeights, Int32(outputSize),
                    Int32(columns.lowerBound), Int32(columns.upperBound), bias.baseAddress, accumulate ? 1 : 0,
                    output, Int32(outputStride))
                TransformerKernels.apply(
                    activation, to: output + columns.lowerBound, rowCount: rowCount, width: columns.count,
                    stride: outputStride)
            }
        }
    }
}

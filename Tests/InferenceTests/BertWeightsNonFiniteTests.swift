import Foundation
import Inference
import Testing
import TestSupport

/// A NaN or infinity in a weight the model reads stops loading, naming the tensor and element.
@Suite("BertWeights non-finite values")
struct BertWeightsNonFiniteTests {
    private func loadError(_ writer: SafeTensorsWriter) throws -> InferenceError? {
        let directory = try TemporaryDirectory()
        try MicroBert.install(writer, in: directory.url)
        return #expect(throws: InferenceError.self) { try BertModel.load(directory: directory.url) }
    }

    /// MicroBert with element `index` of F32 tensor `name` replaced by `value`.
    private func poisoned(_ name: String, index: Int, value: Float) throws -> SafeTensorsWriter {
        var writer = MicroBert.writer()
        let tensor = try #require(writer.tensors.firstIndex { $0.name == name })
        let bytes = withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init)
        writer.tensors[tensor].bytes.replaceSubrange((4 * index)..<(4 * index + 4), with: bytes)
        return writer
    }

    @Test("a NaN in a weight matrix is named with its element")
    func nanWeight() throws {
        let error = try loadError(poisoned("encoder.layer.0.attention.self.query.weight", index: 5, value: .nan))
        #expect(error == .nonFiniteWeight(file: "model.safetensors", tensor: "encoder.layer.0.attention.self.query.weight",
                                          index: 5, value: "nan"))
        #expect(error?.description == "model.safetensors: tensor \"encoder.layer.0.attention.self.query.weight\" "
            + "holds nan at element 5: the weights are damaged")
    }

    @Test("+inf and -inf in biases are refused")
    func infiniteBias() throws {
        let positive = try loadError(poisoned("encoder.layer.0.output.dense.bias", index: 3, value: .infinity))
        #expect(positive == .nonFiniteWeight(file: "model.safetensors", tensor: "encoder.layer.0.output.dense.bias",
                                             index: 3, value: "inf"))
        let negative = try loadError(poisoned("embeddings.LayerNorm.bias", index: 0, value: -.infinity))
        #expect(negative == .nonFiniteWeight(file: "model.safetensors", tensor: "embeddings.LayerNorm.bias",
                                             index: 0, value: "-inf"))
    }

    @Test("an F16 infinity is found after conversion")
    func halfPrecisionInfinity() throws {
        var writer = MicroBert.writer()
        let index = try #require(writer.tensors.firstIndex { $0.name == "embeddings.token_type_embeddings.weight" })
        // [2 × 4] of F16 ones, with +inf (0x7C00) at element 6.
        var bits = [UInt16](repeating: 0x3C00, count: 8)
        bits[6] = 0x7C00
        writer.tensors.remove(at: index)
        writer.addBits16("embeddings.token_type_embeddings.weight", dtype: "F16", shape: [2, MicroBert.hidden], bits: bits)
        let error = try loadError(writer)
        #expect(error == .nonFiniteWeight(file: "model.safetensors", tensor: "embeddings.token_type_embeddings.weight",
                                          index: 6, value: "inf"))
    }

    @Test("a NaN in a tensor the model does not read (the pooler) is ignored")
    func unusedTensor() throws {
        let writer = try poisoned("pooler.dense.bias", index: 0, value: .nan)
        let directory = try TemporaryDirectory()
        try MicroBert.install(writer, in: directory.url)
        let states = try BertModel.load(directory: directory.url).encode([[1, 2, 3]])
        #expect(states.first?.values.allSatisfy(\.isFinite) == true)
    }
}

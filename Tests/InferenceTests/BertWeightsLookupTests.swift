import Foundation
import Inference
import Testing
import TestSupport

/// Finding, shape-checking and ignoring tensors when a model is built from a file.
@Suite("BertWeights lookup")
struct BertWeightsLookupTests {
    /// Installs `writer` with MicroBert's config and loads it.
    private func load(_ writer: SafeTensorsWriter, config: String = MicroBert.configJSON) throws -> BertModel {
        let directory = try TemporaryDirectory()
        try MicroBert.install(writer, config: config, in: directory.url)
        return try BertModel.load(directory: directory.url)
    }

    private func loadError(_ writer: SafeTensorsWriter, config: String = MicroBert.configJSON) throws -> InferenceError? {
        #expect(throws: InferenceError.self) { try load(writer, config: config) }
    }

    @Test("names with and without the bert. prefix load the same model; pooler and I64 position_ids are ignored")
    func prefixes() throws {
        let plain = try load(MicroBert.writer())
        let prefixed = try load(MicroBert.writer(prefix: "bert."))
        let ids: [Int32] = [1, 5, 9, 2]
        let a = try plain.encode([ids]), b = try prefixed.encode([ids])
        #expect(a == b)
        #expect(a.first?.tokenCount == 4 && a.first?.hiddenSize == MicroBert.hidden)
        #expect(a.first?.values.allSatisfy(\.isFinite) == true)
    }

    @Test("a missing tensor is named")
    func missingTensor() throws {
        var writer = MicroBert.writer()
        writer.tensors.removeAll { $0.name == "encoder.layer.0.output.dense.bias" }
        let error = try loadError(writer)
        #expect(error?.description == "model.safetensors: missing tensor \"encoder.layer.0.output.dense.bias\"")
    }

    @Test("a tensor of the wrong shape is named with both shapes")
    func wrongShape() throws {
        var writer = MicroBert.writer()
        let index = try #require(writer.tensors.firstIndex { $0.name == "encoder.layer.0.attention.self.query.weight" })
        writer.tensors[index].shape = [4, 3]
        writer.tensors[index].bytes = Array(writer.tensors[index].bytes.prefix(48))
        let error = try loadError(writer)
        #expect(error?.description
            == "model.safetensors: tensor \"encoder.layer.0.attention.self.query.weight\" has shape [4, 3], expected [4, 4]")

        let prefixed = try loadError(MicroBert.writer(prefix: "bert."), config: MicroBert.configJSON
            .replacingOccurrences(of: "\"vocab_size\": 10", with: "\"vocab_size\": 12"))
        #expect(prefixed?.description
            == "model.safetensors: tensor \"bert.embeddings.word_embeddings.weight\" has shape [10, 4], expected [12, 4]")
    }

    @Test("a weight of an unsupported dtype is named")
    func unsupportedDType() throws {
        var f64 = MicroBert.writer()
        let bias = try #require(f64.tensors.firstIndex { $0.name == "encoder.layer.0.output.LayerNorm.bias" })
        f64.tensors[bias].dtype = "F64"
        f64.tensors[bias].bytes += [UInt8](repeating: 0, count: 16)  // [4] of F64 is 32 bytes
        let dtypeError = try loadError(f64)
        #expect(dtypeError?.description == "model.safetensors: tensor \"encoder.layer.0.output.LayerNorm.bias\" "
            + "has unsupported dtype F64 (only F32, F16 and BF16 can be loaded)")
    }

    @Test("an unsupported architecture in config.json stops loading")
    func unsupportedArchitecture() throws {
        let config = MicroBert.configJSON.replacingOccurrences(of: "\"model_type\": \"bert\"", with: "\"model_type\": \"t5\"")
        let error = try loadError(MicroBert.writer(), config: config)
        #expect(error?.description
            == "config.json: unsupported model_type \"t5\" (supported: bert, distilbert, mpnet, roberta, xlm-roberta)")
    }
}

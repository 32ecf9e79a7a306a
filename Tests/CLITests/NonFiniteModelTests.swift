import Foundation
import Testing
import TestSupport

/// NaN or infinity never comes out as a vector: damaged weights are refused when the model
/// loads, and a forward pass that overflows is an error naming the text.
struct NonFiniteModelTests {
    private func encode(_ model: URL) throws -> CommandResult {
        try CommandRunner.semblance(["encode", "first text", "second text", "--model", model.path])
    }

    @Test func nanWeightIsRefusedAtLoad() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        let tensor = "encoder.layer.1.attention.self.key.weight"
        try SafeTensorsEditing.setFloat(model.appendingPathComponent("model.safetensors"), tensor: tensor, index: 7, to: .nan)
        let result = try encode(model)
        #expect(result.status == 1 && result.stdout.isEmpty)
        #expect(result.stderr.contains("model.safetensors: tensor \"\(tensor)\" holds nan at element 7"), "\(result.stderr)")
    }

    @Test func overflowingForwardPassIsAnError() throws {
        let temp = try TemporaryDirectory()
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        // Finite, but LayerNorm output × 3e38 overflows to infinity in the first layer.
        let weights = model.appendingPathComponent("model.safetensors")
        for index in 0..<32 {
            try SafeTensorsEditing.setFloat(weights, tensor: "embeddings.LayerNorm.weight", index: index, to: 3e38)
        }
        let result = try encode(model)
        #expect(result.status == 1 && result.stdout.isEmpty)
        #expect(result.stderr.contains("model: the forward pass gave NaN or infinite values for text 1"), "\(result.stderr)")
    }
}

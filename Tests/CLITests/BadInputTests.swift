import Foundation
import Testing
import TestSupport

/// Each kind of bad input gets a one-line error naming what is wrong, and exit status ≠ 0.
struct BadInputTests {
    static let tensor = "encoder.layer.0.attention.self.query.weight"

    /// Runs `semblance encode hello --model DIR` and returns the error line.
    private func encodeError(model: URL, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try CommandRunner.semblance(["encode", "hello", "--model", model.path])
        #expect(result.status != 0, "exit status \(result.status)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(result.stderr)")
        return result.stderr
    }

    private func brokenModel(_ temp: TemporaryDirectory) throws -> (model: URL, weights: URL) {
        let model = try temp.copy(Fixtures.tinyModel, as: "model")
        return (model, model.appendingPathComponent("model.safetensors"))
    }

    @Test func modelDirectoryMissing() throws {
        let message = try encodeError(model: URL(fileURLWithPath: "/nonexistent/model"))
        #expect(message.contains("model directory not found: /nonexistent/model"))
    }

    @Test func requiredFileMissing() throws {
        let temp = try TemporaryDirectory()
        let (model, _) = try brokenModel(temp)
        try FileManager.default.removeItem(at: model.appendingPathComponent("config.json"))
        #expect(try encodeError(model: model).contains("config.json"))
    }

    @Test func weightsTruncated() throws {
        let temp = try TemporaryDirectory()
        let (model, weights) = try brokenModel(temp)
        try SafeTensorsEditing.truncate(weights, to: 100_000)
        #expect(try encodeError(model: model).contains("model.safetensors"))
    }

    @Test func headerLongerThanFile() throws {
        let temp = try TemporaryDirectory()
        let (model, weights) = try brokenModel(temp)
        try SafeTensorsEditing.setHeaderLength(weights, to: 1 << 40)
        let message = try encodeError(model: model)
        #expect(message.contains("model.safetensors") && message.contains("header"), "\(message)")
    }

    @Test func offsetsOutsideTheFile() throws {
        let temp = try TemporaryDirectory()
        let (model, weights) = try brokenModel(temp)
        try SafeTensorsEditing.setTensorField(weights, tensor: Self.tensor, field: "data_offsets", to: [0, 1 << 33])
        let message = try encodeError(model: model)
        #expect(message.contains(Self.tensor), "\(message)")
    }

    @Test func wrongShape() throws {
        let temp = try TemporaryDirectory()
        let (model, weights) = try brokenModel(temp)
        // Same byte count (32 × 32 = 16 × 64), wrong shape for the configuration.
        try SafeTensorsEditing.setTensorField(weights, tensor: Self.tensor, field: "shape", to: [16, 64])
        let message = try encodeError(model: model)
        #expect(message.contains(Self.tensor) && message.contains("shape"), "\(message)")
    }

    @Test func unsupportedDtype() throws {
        let temp = try TemporaryDirectory()
        let (model, weights) = try brokenModel(temp)
        try SafeTensorsEditing.setTensorField(weights, tensor: Self.tensor, field: "dtype", to: "F64")
        let message = try encodeError(model: model)
        #expect(message.contains("F64"), "\(message)")
    }

    @Test func unsupportedModule() throws {
        let temp = try TemporaryDirectory()
        let (model, _) = try brokenModel(temp)
        try Data("""
            [{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},
             {"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"},
             {"idx":2,"name":"2","path":"2_LayerNorm","type":"sentence_transformers.models.LayerNorm"}]
            """.utf8).write(to: model.appendingPathComponent("modules.json"))
        #expect(try encodeError(model: model).contains("unsupported module \"sentence_transformers.models.LayerNorm\""))
    }

    @Test func inputNotUTF8NamesTheLine() throws {
        let temp = try TemporaryDirectory()
        let input = temp.file("texts.txt")
        try Data("fine\nalso fine\nstill fine \u{FF}\n".utf8).write(to: input)
        var bytes = try Data(contentsOf: input)
        bytes.append(contentsOf: [0xC3, 0x28, 0x0A])  // an invalid UTF-8 sequence on line 4
        try bytes.write(to: input)
        let result = try CommandRunner.semblance(["encode", "--model", Fixtures.tinyModel.path, "--input", input.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(input.path):4: not valid UTF-8"), "\(result.stderr)")
    }

    @Test func malformedJSONLinesNamesTheLine() throws {
        let result = try CommandRunner.semblance(
            ["encode", "--model", Fixtures.tinyModel.path, "--input-format", "jsonl"],
            stdin: Data("{\"text\": \"ok\"}\n\"also ok\"\n{\"text\": oops}\n".utf8))
        #expect(result.status != 0)
        #expect(result.stderr.contains("<stdin>:3: not valid JSON"), "\(result.stderr)")
    }

    @Test func jsonLineWithoutTheField() throws {
        let result = try CommandRunner.semblance(
            ["encode", "--model", Fixtures.tinyModel.path, "--input-format", "jsonl"],
            stdin: Data("{\"text\": \"ok\"}\n{\"body\": \"no text\"}\n".utf8))
        #expect(result.status != 0)
        #expect(result.stderr.contains("<stdin>:2: no field \"text\""), "\(result.stderr)")
    }
}

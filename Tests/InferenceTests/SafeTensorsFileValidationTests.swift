import Foundation
import Inference
import Testing
import TestSupport

/// Malformed safetensors files are rejected with a message naming the file and tensor.
@Suite("SafeTensorsFile validation")
struct SafeTensorsFileValidationTests {
    /// Writes `bytes` as `model.safetensors` and returns the error opening it raises.
    private func openError(_ bytes: [UInt8]) throws -> InferenceError? {
        let directory = try TemporaryDirectory()
        let url = directory.file("model.safetensors")
        try Data(bytes).write(to: url)
        return #expect(throws: InferenceError.self) { try SafeTensorsFile(url: url) }
    }

    private func oneTensor(_ name: String = "w", dtype: String = "F32", shape: [Int] = [2, 2],
                           byteCount: Int = 16, offsets: [Int]? = nil) -> SafeTensorsWriter {
        var writer = SafeTensorsWriter()
        writer.addRaw(name, dtype: dtype, shape: shape, bytes: [UInt8](repeating: 0, count: byteCount), offsets: offsets)
        return writer
    }

    @Test("a valid file lists its tensors, ignoring __metadata__")
    func validFile() throws {
        let directory = try TemporaryDirectory()
        var writer = SafeTensorsWriter()
        writer.addF32("a", shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        writer.addF32("b", shape: [], values: [7])
        writer.addRaw("c", dtype: "F32", shape: [0, 4], bytes: [])
        try writer.write(to: directory.file("ok.safetensors"))
        let file = try SafeTensorsFile(url: directory.file("ok.safetensors"))
        #expect(Set(file.tensors.keys) == ["a", "b", "c"])
        #expect(file.tensors["a"]?.shape == [2, 3])
        #expect(try file.floatTensor(named: "a").values == [1, 2, 3, 4, 5, 6])
        #expect(try file.floatTensor(named: "b").values == [7])
        #expect(try file.floatTensor(named: "c").values.isEmpty)
    }

    @Test("a file shorter than the 8-byte length is truncated")
    func truncated() throws {
        let error = try openError([1, 0, 0, 0, 0])
        #expect(error?.description == "model.safetensors: truncated: 5 bytes, too short for the 8-byte header length")
        #expect(try openError([])?.description.contains("truncated: 0 bytes") == true)
    }

    @Test("a header length past the end of the file")
    func headerTooLong() throws {
        let bytes = oneTensor().fileBytes(headerLength: 9_999_999)
        let error = try openError(bytes)
        #expect(error?.description == "model.safetensors: header length 9999999 exceeds file size \(bytes.count)")
        // The largest possible length must not overflow anything.
        #expect(try openError(oneTensor().fileBytes(headerLength: .max))?.description
            .contains("header length 18446744073709551615 exceeds file size") == true)
    }

    @Test("data offsets outside the data region")
    func offsetsOutsideFile() throws {
        let error = try openError(oneTensor(offsets: [0, 1000]).fileBytes())
        #expect(error?.description
            == "model.safetensors: tensor \"w\" has data offsets [0, 1000] outside the data region of 16 bytes")
        #expect(try openError(oneTensor(offsets: [-4, 12]).fileBytes())?.description.contains("outside the data region") == true)
        #expect(try openError(oneTensor(offsets: [16, 1 << 40]).fileBytes())?.description.contains("outside") == true)
    }

    @Test("data offsets with begin > end")
    func reversedOffsets() throws {
        let error = try openError(oneTensor(offsets: [16, 0]).fileBytes())
        #expect(error?.description == "model.safetensors: tensor \"w\" has data offsets [16, 0] with begin > end")
    }

    @Test("byte count that does not match shape × dtype size")
    func byteCountMismatch() throws {
        let error = try openError(oneTensor(shape: [2, 3]).fileBytes())
        #expect(error?.description
            == "model.safetensors: tensor \"w\" holds 16 bytes, which does not match shape [2, 3] of F32")
        // A shape whose byte count overflows Int is an error, not a trap.
        let huge = try openError(oneTensor(shape: [Int.max / 2, 4]).fileBytes())
        #expect(huge?.description.contains("is too large") == true)
        #expect(try openError(oneTensor(shape: [-2, -2]).fileBytes())?.description.contains("negative dimension") == true)
    }

    @Test("unknown dtypes are rejected when opening, known non-float ones when loading")
    func dtypes() throws {
        let unknown = try openError(oneTensor(dtype: "Q4").fileBytes())
        #expect(unknown?.description == "model.safetensors: tensor \"w\" has unknown dtype Q4")

        let directory = try TemporaryDirectory()
        var writer = SafeTensorsWriter()
        writer.addRaw("d", dtype: "F64", shape: [2], bytes: [UInt8](repeating: 0, count: 16))
        writer.addRaw("i", dtype: "I64", shape: [1], bytes: [UInt8](repeating: 0, count: 8))
        try writer.write(to: directory.file("model.safetensors"))
        let file = try SafeTensorsFile(url: directory.file("model.safetensors"))
        #expect(file.tensors["d"]?.dtype == .f64 && file.tensors["i"]?.dtype == .i64)
        let error = #expect(throws: InferenceError.self) { try file.floatTensor(named: "d") }
        #expect(error?.description
            == "model.safetensors: tensor \"d\" has unsupported dtype F64 (only F32, F16 and BF16 can be loaded)")
        let missing = #expect(throws: InferenceError.self) { try file.floatTensor(named: "nope") }
        #expect(missing?.description == "model.safetensors: missing tensor \"nope\"")
    }

    @Test("headers that are not JSON, not an object, or have malformed entries")
    func malformedHeaders() throws {
        let writer = oneTensor()
        let notJSON = try openError(writer.fileBytes(header: "this is not json"))
        #expect(notJSON?.description == "model.safetensors: invalid header: not valid JSON")
        let array = try openError(writer.fileBytes(header: "[1, 2, 3]"))
        #expect(array?.description == "model.safetensors: invalid header: not a JSON object")
        // {"\xFF":1} padded to 8 bytes: not UTF-8.
        let invalidUTF8 = try openError([8, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D, 0x20])
        #expect(invalidUTF8?.description.contains("invalid header") == true)

        let noDtype = try openError(writer.fileBytes(header: #"{"w": {"shape": [2, 2], "data_offsets": [0, 16]}}"#))
        #expect(noDtype?.description == "model.safetensors: tensor \"w\": missing field \"dtype\"")
        let badShape = try openError(writer.fileBytes(
            header: #"{"w": {"dtype": "F32", "shape": [2, "2"], "data_offsets": [0, 16]}}"#))
        #expect(badShape?.description.hasPrefix("model.safetensors: tensor \"w\": field \"shape[1]\"") == true)
        let hugeNumber = try openError(writer.fileBytes(
            header: #"{"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 1e30]}}"#))
        #expect(hugeNumber?.description
            == "model.safetensors: tensor \"w\": data_offsets [0, 1e+30] are not 64-bit integers")
        let fraction = try openError(writer.fileBytes(
            header: #"{"w": {"dtype": "F32", "shape": [2, 1.5], "data_offsets": [0, 16]}}"#))
        #expect(fraction?.description == "model.safetensors: tensor \"w\": shape [2, 1.5] is not a list of 64-bit integers")
        let threeOffsets = try openError(writer.fileBytes(
            header: #"{"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 8, 16]}}"#))
        #expect(threeOffsets?.description == "model.safetensors: tensor \"w\": data_offsets must hold 2 numbers, found 3")
        let notAnEntry = try openError(writer.fileBytes(header: #"{"w": 5}"#))
        #expect(notAnEntry?.description.hasPrefix("model.safetensors: tensor \"w\": entry is not") == true)
    }

    @Test("a missing file and a directory are unreadable, not a crash")
    func unreadable() throws {
        let directory = try TemporaryDirectory()
        let missing = #expect(throws: InferenceError.self) { try SafeTensorsFile(url: directory.file("none.safetensors")) }
        #expect(missing?.description == "none.safetensors: cannot read: No such file or directory")
        let folder = #expect(throws: InferenceError.self) { try SafeTensorsFile(url: directory.url) }
        #expect(folder?.description.hasSuffix("cannot read: not a regular file") == true)
    }
}

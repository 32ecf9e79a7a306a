import Foundation
import Inference
import TestSupport
import Testing

/// F16 and BF16 tensors are widened exactly to Float at load; F32 is read as stored.
@Suite("SafeTensorsFile half precision")
struct SafeTensorsFileHalfPrecisionTests {
    @Test("F16 bit patterns load as their exact values (normal, subnormal, signed zero, infinity)")
    func float16() throws {
        let directory = try TemporaryDirectory()
        var writer = SafeTensorsWriter()
        writer.addBits16("h", dtype: "F16", shape: [2, 5],
                         bits: [0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0001, 0x03FF, 0x0400, 0x8000, 0x7C00, 0xFC00])
        try writer.write(to: directory.file("half.safetensors"))

        let tensor = try SafeTensorsFile(url: directory.file("half.safetensors")).floatTensor(named: "h")
        #expect(tensor.shape == [2, 5])
        let expected: [Float] = [
            1, -2,
            0.333251953125,          // 0x155 · 2⁻¹⁰ + 1, times 2⁻²: 1365/4096
            65504,                   // largest finite half
            0x1p-24,                 // smallest subnormal
            1023 * 0x1p-24,          // largest subnormal
            0x1p-14,                 // smallest normal
            -0.0, .infinity, -.infinity,
        ]
        #expect(tensor.values == expected)
        #expect(tensor.values[7].sign == .minus)
    }

    @Test("F16 NaN stays NaN")
    func float16NaN() throws {
        let directory = try TemporaryDirectory()
        var writer = SafeTensorsWriter()
        writer.addBits16("nan", dtype: "F16", shape: [1], bits: [0x7E00])
        try writer.write(to: directory.file("nan.safetensors"))
        let tensor = try SafeTensorsFile(url: directory.file("nan.safetensors")).floatTensor(named: "nan")
        #expect(tensor.values.first?.isNaN == true)
    }

    @Test("BF16 bit patterns load as the upper half of a Float")
    func bfloat16() throws {
        let directory = try TemporaryDirectory()
        var writer = SafeTensorsWriter()
        writer.addBits16("b", dtype: "BF16", shape: [6], bits: [0x3F80, 0xC040, 0x3EAA, 0x7F80, 0x0001, 0x4049])
        try writer.write(to: directory.file("bf.safetensors"))
        let tensor = try SafeTensorsFile(url: directory.file("bf.safetensors")).floatTensor(named: "b")
        // 0x3EAA: 2⁻² · (1 + 0x2A/128) = 0.33203125; 0x0001: 2⁻¹⁴⁹ · 2¹⁶; 0x4049: 2 · (1 + 0x49/128)
        #expect(tensor.values == [1, -3, 0.33203125, .infinity, 0x1p-133, 3.140625])
    }

    @Test("an F32 tensor at an unaligned offset is read correctly")
    func unalignedFloat32() throws {
        let directory = try TemporaryDirectory()
        var writer = SafeTensorsWriter()
        writer.addRaw("pad", dtype: "U8", shape: [2], bytes: [0, 0])
        writer.addF32("f", shape: [3], values: [1.5, -0.25, 1e-30])
        try writer.write(to: directory.file("unaligned.safetensors"))
        let file = try SafeTensorsFile(url: directory.file("unaligned.safetensors"))
        #expect(file.tensors["f"]?.dataOffsets == 2 ..< 14)
        #expect(try file.floatTensor(named: "f").values == [1.5, -0.25, 1e-30])
    }

    @Test("tiny-bert-mean converted to F16 and BF16 encodes like the F32 original, within the precision lost")
    func halfPrecisionModel() throws {
        let directory = try TemporaryDirectory()
        let original = try SafeTensorsFile(url: Fixtures.tinyModel.appendingPathComponent("model.safetensors"))
        let configuration = try BertConfiguration.load(from: Fixtures.tinyModel.appendingPathComponent("config.json"))
        let reference = try BertModel(configuration: configuration, weights: original)
        let ids = try readJSONLines(Fixtures.tinyReference.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
            .prefix(40).map(\.ids)
        let expected = try reference.encode(ids).map(meanOfRows)

        for (dtype, convert) in [("F16", { (value: Float) in Float16(value).bitPattern }),
                                 ("BF16", { (value: Float) in UInt16(value.bitPattern >> 16) })] {
            var writer = SafeTensorsWriter()
            for name in original.tensors.keys.sorted() {
                writer.addBits16(name, dtype: dtype, shape: original.tensors[name]?.shape ?? [],
                                 bits: try original.floatTensor(named: name).values.map(convert))
            }
            let url = directory.file("model-\(dtype).safetensors")
            try writer.write(to: url)
            let file = try SafeTensorsFile(url: url)
            #expect(file.tensors.values.allSatisfy { $0.dtype.rawValue == dtype })
            let converted = try BertModel(configuration: configuration, weights: file)
            let vectors = try converted.encode(ids).map(meanOfRows)
            var lowestCosine = 1.0, worst: Float = 0
            for (vector, reference) in zip(vectors, expected) {
                lowestCosine = min(lowestCosine, referenceCosine(vector, reference))
                worst = max(worst, maxAbsoluteDifference(vector, reference))
            }
            print("tiny-bert-mean \(dtype) vs F32: lowest cosine \(lowestCosine), worst |Δ| \(worst)")
            // Loose: weights lost 13 (F16) or 16 (BF16) mantissa bits; a wrong conversion
            // (byte order, exponent bias) would give unrelated vectors.
            #expect(lowestCosine > (dtype == "F16" ? 0.9999 : 0.999))
            #expect(worst > 0, "the \(dtype) weights should differ from F32")
        }
    }
}

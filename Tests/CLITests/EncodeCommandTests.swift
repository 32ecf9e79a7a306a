import Foundation
import Testing
import TestSupport

struct EncodeCommandTests {
    @Test func jsonlKeepsInputOrderAndMatchesTheReference() throws {
        let reference = try readJSONLines(
            Fixtures.tinyReference.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        let texts = Array(reference.prefix(12))
        let input = texts.map { "{\"text\": \(String(decoding: try! JSONEncoder().encode($0.text), as: UTF8.self))}" }
            .joined(separator: "\n")
        let result = try CommandRunner.semblance(
            ["encode", "--model", Fixtures.tinyModel.path, "--input-format", "jsonl", "--batch-size", "5"],
            stdin: Data(input.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try result.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(ReferenceEmbedding.self, from: Data($0.utf8))
        }
        try #require(rows.count == texts.count)
        for (row, expected) in zip(rows, texts) {
            #expect(row.text == expected.text)
            #expect(maxAbsoluteDifference(row.embedding, expected.embedding) <= 1e-4)
        }
    }

    @Test func emptyTextEncodesLikeTheReference() throws {
        let reference = try readJSONLines(
            Fixtures.tinyReference.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        let empty = try #require(reference.first { $0.text.isEmpty })
        let result = try CommandRunner.semblance(["encode", "", "--model", Fixtures.tinyModel.path])
        #expect(result.status == 0, "\(result.stderr)")
        let row = try JSONDecoder().decode(ReferenceEmbedding.self, from: Data(result.stdout.utf8))
        #expect(maxAbsoluteDifference(row.embedding, empty.embedding) <= 1e-4)

        let tokens = try CommandRunner.semblance(["tokenize", "", "--model", Fixtures.tinyModel.path])
        #expect(tokens.stdout.contains("\"tokens\":[\"[CLS]\",\"[SEP]\"]"), "\(tokens.stdout)")
    }

    @Test func npyHasTheNumpyHeaderShapeAndTheReferenceFloats() throws {
        let reference = try readJSONLines(
            Fixtures.tinyReference.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        let texts = ["Hello, world!", "This is an example sentence", "HELLO World"]
        let result = try CommandRunner.semblance(
            ["encode"] + texts + ["--model", Fixtures.tinyModel.path, "--format", "npy"])
        #expect(result.status == 0, "\(result.stderr)")
        let data = result.stdoutData
        #expect(data.prefix(8) == Data([0x93] + Array("NUMPY".utf8) + [1, 0]))
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.contains("'descr': '<f4'") && header.contains("'shape': (3, 32)"))
        try #require(data.count == 10 + headerLength + 3 * 32 * 4)
        // The body: row-major little-endian f32, one row per text in order, each the
        // sentence-transformers embedding of that text.
        let body = Array(data[(data.startIndex + 10 + headerLength)...])
        let floats = (0..<(3 * 32)).map { index in
            Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(body[index * 4 + $1]) << (8 * $1) })
        }
        for (row, text) in texts.enumerated() {
            let expected = try #require(reference.first { $0.text == text }).embedding
            #expect(maxAbsoluteDifference(Array(floats[(row * 32)..<(row * 32 + 32)]), expected) <= 1e-4, "row \(row)")
        }
    }

    @Test func tokenizeReportsOffsetsInCharacters() throws {
        let result = try CommandRunner.semblance(["tokenize", "Café déjà", "--model", Fixtures.tinyModel.path])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["tokens"] as? [String] == ["[CLS]", "cafe", "de", "##ja", "[SEP]"])
        #expect(object["offsets"] as? [[Int]] == [[0, 0], [0, 4], [5, 7], [7, 9], [0, 0]])
    }
}

import Foundation
import TestSupport
import Testing
import VectorCache

/// `semblance import` with the tiny fixture model and sentence-transformers' own vectors of
/// its reference texts: imported and searchable when they match, refused with one line and
/// nothing written when they do not.
struct ImportCommandTests {
    /// The reference rows whose text a one-text-per-line file keeps as it is, written as a
    /// texts file and a vectors file (`order` picks and orders the vectors).
    static func files(in sandbox: CacheSandbox, count: Int = 40, order: ((Int) -> Int)? = nil) throws -> (texts: URL, vectors: URL) {
        let rows = try readJSONLines(Fixtures.tinyReference.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        var seen: Set<String> = []
        let kept = Array(rows.filter { row in
            row.text.count > 3 && row.text == row.text.trimmingCharacters(in: .whitespacesAndNewlines)
                && !row.text.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }
                && seen.insert(row.text).inserted
        }.prefix(count))
        let texts = try sandbox.write(lines: kept.map(\.text), to: "texts.txt")
        let lines = kept.indices.map { index -> String in
            let vector = kept[order?(index) ?? index].embedding
            return "{\"embedding\": [" + vector.map { "\($0)" }.joined(separator: ", ") + "]}"
        }
        let vectors = try sandbox.write(lines: lines, to: "vectors.jsonl")
        return (texts, vectors)
    }

    @Test func matchingVectorsAreImportedVerifiedAndSearchable() throws {
        let sandbox = try CacheSandbox()
        let (texts, vectors) = try Self.files(in: sandbox)
        let result = try sandbox.run(["import", "--corpus", "ref", "--vectors", vectors.path, "--texts", texts.path,
                                      "--model", sandbox.model, "--quiet", "--batch-size", "16"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("40 items, 40 imported") && result.stdout.contains("32 re-encoded and matched"), "\(result.stdout)")
        let info = try sandbox.run(["cache", "info", "ref"])
        #expect(info.stdout.contains("vectors of:  imported, a sample re-encoded and matched"), "\(info.stdout)")
        let store = try sandbox.store()
        #expect(try store.loadMatrix(of: store.requireCorpus(named: "ref")).rows == 40)
    }

    @Test func vectorsOfOtherTextsAreRefusedAndNothingIsWritten() throws {
        let sandbox = try CacheSandbox()
        let (texts, vectors) = try Self.files(in: sandbox, order: { ($0 + 1) % 40 })
        let result = try sandbox.run(["import", "--corpus", "ref", "--vectors", vectors.path, "--texts", texts.path,
                                      "--model", sandbox.model, "--quiet"])
        #expect(result.status != 0 && result.status < 128)
        #expect(result.stderr.contains("these vectors were not made by this model, or not from these texts: item "), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: sandbox.cachePath))

        let unchecked = try sandbox.run(["import", "--corpus", "ref", "--vectors", vectors.path, "--texts", texts.path,
                                         "--model", sandbox.model, "--quiet", "--no-verify"])
        #expect(unchecked.status == 0, "\(unchecked.stderr)")
        #expect(unchecked.stdout.contains("not verified (--no-verify)"))
        let info = try sandbox.run(["cache", "info", "ref"])
        #expect(info.stdout.contains("vectors of:  imported, unverified"), "\(info.stdout)")
    }

    @Test func aLyingHeaderAndACountMismatchFailBeforeTheCache() throws {
        let sandbox = try CacheSandbox()
        let (texts, _) = try Self.files(in: sandbox)
        // numpy's layout, claiming 41 rows of 32 floats but holding 40.
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (41, 32), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        let bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
            + [UInt8](repeating: 0, count: 40 * 32 * 4)
        let lying = try sandbox.directory.write("lying.npy", bytes: bytes)
        let result = try sandbox.run(["import", "--corpus", "c", "--vectors", lying.path, "--texts", texts.path, "--model", sandbox.model])
        #expect(result.status != 0 && result.stderr.contains("lying.npy: holds 5120 bytes of data, but its header promises shape (41, 32)"), "\(result.stderr)")
        let short = try sandbox.write(lines: ["only one text"], to: "short.txt")
        let (_, vectors) = try Self.files(in: sandbox)
        let mismatch = try sandbox.run(["import", "--corpus", "c", "--vectors", vectors.path, "--texts", short.path, "--model", sandbox.model])
        #expect(mismatch.status != 0 && mismatch.stderr.contains("short.txt holds 1 texts but"), "\(mismatch.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.cachePath))
    }
}

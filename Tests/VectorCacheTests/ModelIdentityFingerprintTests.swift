import Foundation
import Testing
import VectorCache

/// The fingerprint changes with anything that changes a vector, and nothing else.
@Suite struct ModelIdentityFingerprintTests {
    @Test func everyComponentMatters() {
        let base = testModel(components: ["pooling": "mean", "normalize": "true", "max_seq_length": "256"])
        let variants = [
            testModel(weights: "other", components: ["pooling": "mean", "normalize": "true", "max_seq_length": "256"]),
            testModel(components: ["pooling": "cls", "normalize": "true", "max_seq_length": "256"]),
            testModel(components: ["pooling": "mean", "normalize": "false", "max_seq_length": "256"]),
            testModel(components: ["pooling": "mean", "normalize": "true", "max_seq_length": "128"]),
            testModel(components: ["pooling": "mean", "normalize": "true"]),
            testModel(dimension: 16, components: ["pooling": "mean", "normalize": "true", "max_seq_length": "256"]),
        ]
        let fingerprints = Set(([base] + variants).map(\.fingerprint))
        #expect(fingerprints.count == 7)
        #expect(base.fingerprint.count == 64)
    }

    @Test func nameDoesNotMatterButBoundariesDo() {
        #expect(testModel(name: "a").fingerprint == testModel(name: "b").fingerprint)
        #expect(testModel(components: ["a": "bc"]).fingerprint != testModel(components: ["ab": "c"]).fingerprint)
    }

    @Test func weightsHashIsRememberedUntilTheFileChanges() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let weights = cache.directory.appendingPathComponent("model.safetensors")
        // Whole-second timestamps: setting sub-second ones does not round-trip exactly.
        let stamp = Date(timeIntervalSince1970: 1_700_000_000)
        try Data("version one".utf8).write(to: weights)
        try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: weights.path)
        #expect(try store.weightsSHA256(of: weights) == SHA256Reference.versionOne)
        // Same size and timestamp: the remembered hash is used (the file is not read again).
        try Data("version 1ne".utf8).write(to: weights)
        try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: weights.path)
        #expect(try store.weightsSHA256(of: weights) == SHA256Reference.versionOne)
        // A new timestamp: hashed again.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: weights.path)
        #expect(try store.weightsSHA256(of: weights) != SHA256Reference.versionOne)
        #expect(throws: VectorCacheError.self) {
            try store.weightsSHA256(of: cache.directory.appendingPathComponent("missing.safetensors"))
        }
    }
}

/// Digests computed with `printf 'version one' | sha256sum`.
private enum SHA256Reference {
    static let versionOne = "197c7c60ef8a8470a38d1a9212bdfde9cfe6fd4be910825fe6ac7880ac765d16"
}

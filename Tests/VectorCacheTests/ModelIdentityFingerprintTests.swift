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
}

import Digest
import Foundation

/// What makes a model's vectors what they are, and the fingerprint that keys them.
///
/// The fingerprint is the SHA-256 of the weights hash and every component (the SHA-256 of
/// each tokenizer and configuration file the model read, and a readable summary of them) in
/// a canonical, length-prefixed form, so two models share vectors only when nothing that
/// changes a vector differs.
///
/// Version 2 (files hashed whole) replaced version 1 (vocabulary size and a few settings):
/// vectors stored under a version-1 fingerprint are not reused; their corpora are re-indexed.
public struct ModelIdentity: Sendable, Equatable {
    /// A human name (the model directory's name).
    public let name: String
    /// Components per vector.
    public let dimension: Int
    /// SHA-256 of the weights file, hex.
    public let weightsSHA256: String
    /// Everything else that changes a vector, by name.
    public let components: [String: String]

    public init(name: String, dimension: Int, weightsSHA256: String, components: [String: String]) {
        self.name = name
        self.dimension = dimension
        self.weightsSHA256 = weightsSHA256
        self.components = components
    }

    /// The component naming a quantized encoder's precision (absent for float32), so vectors
    /// of the int8 encoder never share a key with float32 ones.
    public static let encoderPrecisionComponent = "encoder_precision"

    /// Changes whenever what goes into a fingerprint changes, so old keys never match new ones.
    public static let fingerprintVersion = 2

    /// 64 hex digits.
    public var fingerprint: String {
        var hasher = SHA256()
        hasher.update("semblance-model-fingerprint-v\(Self.fingerprintVersion)\n")
        let fields = [("weights_sha256", weightsSHA256), ("dimension", String(dimension))]
            + components.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        for (key, value) in fields {
            // Length prefixes keep "a=bc" and "ab=c" apart whatever the values contain.
            hasher.update("\(key.utf8.count):\(key)\(value.utf8.count):\(value)\n")
        }
        return hasher.finalize().hex
    }

    /// The components and weights hash as a JSON object, for `cache info`.
    var detailsJSON: String {
        var details = components
        details["weights_sha256"] = weightsSHA256
        details["fingerprint_version"] = String(Self.fingerprintVersion)
        guard let data = try? JSONSerialization.data(withJSONObject: details, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A model as the cache records it.
public struct ModelRecord: Sendable, Equatable {
    public let id: Int64
    public let fingerprint: String
    public let name: String
    public let dimension: Int
    /// JSON object: the fingerprint components and `weights_sha256`.
    public let details: String
}

import Foundation

/// How token states become one sentence vector, as sentence-transformers' Pooling module does it.
public enum PoolingMode: String, Sendable, Hashable, CaseIterable {
    /// Mean over every token of the attention mask, [CLS] and [SEP] included.
    case mean
    /// The [CLS] token's state.
    case cls
    /// Per dimension, the largest value over the tokens.
    case max
    /// Sum over the tokens divided by √(token count).
    case meanSqrtLengthTokens = "mean_sqrt_len_tokens"
}

/// The contents of `1_Pooling/config.json` in either layout.
struct PoolingConfiguration: Equatable {
    var mode: PoolingMode
    var dimension: Int?

    /// Parses the legacy booleans (`pooling_mode_mean_tokens: true`) or the v5/v6 string
    /// (`"pooling_mode": "mean"`). Anything Semblance cannot compute is an error naming it.
    static func load(_ url: URL, record: (URL, [UInt8]) -> Void) throws -> PoolingConfiguration {
        let json = try ConfigFile.read(url, record: record).object()
        // v5/v6 write "embedding_dimension", v2–v4 "word_embedding_dimension"; either is only checked.
        let dimension = try json.optionalInt("embedding_dimension") ?? json.optionalInt("word_embedding_dimension")

        // A given pooling_mode overrides the pooling_mode_* flags (Pooling.__init__).
        if let names = try json.optionalStrings("pooling_mode") {
            guard names.count == 1 else {
                throw EmbeddingError.unsupportedPooling(path: url.path, mode: names.joined(separator: "+"))
            }
            guard let mode = mode(named: names[0]) else {
                throw EmbeddingError.unsupportedPooling(path: url.path, mode: names[0])
            }
            return PoolingConfiguration(mode: mode, dimension: dimension)
        }

        // The defaults of Pooling.__init__ (sentence_transformers/models/Pooling.py, v2 to v5):
        // pooling_mode_mean_tokens=True, every other flag False.
        let flags: [(key: String, mode: PoolingMode?, default: Bool)] = [
            ("pooling_mode_cls_token", .cls, false),
            ("pooling_mode_mean_tokens", .mean, true),
            ("pooling_mode_max_tokens", .max, false),
            ("pooling_mode_mean_sqrt_len_tokens", .meanSqrtLengthTokens, false),
            ("pooling_mode_weightedmean_tokens", nil, false),
            ("pooling_mode_lasttoken", nil, false),
        ]
        let enabled = try flags.filter { try json.optionalBool($0.key) ?? $0.default }
        guard !enabled.isEmpty else {
            throw EmbeddingError.invalidField(path: url.path, field: "pooling_mode", reason: "is missing: no pooling mode is enabled")
        }
        // sentence-transformers concatenates several enabled modes; Semblance computes one.
        guard enabled.count == 1, let mode = enabled[0].mode else {
            throw EmbeddingError.unsupportedPooling(path: url.path, mode: enabled.map(\.key).joined(separator: "+"))
        }
        return PoolingConfiguration(mode: mode, dimension: dimension)
    }

    private static func mode(named name: String) -> PoolingMode? {
        switch name {
        case "mean", "mean_tokens": .mean
        case "cls", "cls_token": .cls
        case "max", "max_tokens": .max
        case "mean_sqrt_len_tokens", "mean_sqrt_len": .meanSqrtLengthTokens
        default: nil
        }
    }
}

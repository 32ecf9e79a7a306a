import Foundation

/// The contents of `1_Pooling/config.json` in either layout.
struct PoolingConfiguration: Equatable {
    var pooling: Pooling
    var dimension: Int?

    /// Parses the legacy booleans (`pooling_mode_mean_tokens: true`) or the v5/v6 string or
    /// list (`"pooling_mode": "mean"`, `["cls", "mean"]`). Anything else is an error naming it.
    static func load(_ url: URL, record: (URL, [UInt8]) -> Void) throws -> PoolingConfiguration {
        let json = try ConfigFile.read(url, record: record).object()
        // v5/v6 write "embedding_dimension", v2–v4 "word_embedding_dimension"; either is only checked.
        let dimension = try json.optionalInt("embedding_dimension") ?? json.optionalInt("word_embedding_dimension")
        // Pooling(include_prompt: bool = True).
        let includesPrompt = try json.optionalBool("include_prompt") ?? true

        // A given pooling_mode overrides the pooling_mode_* flags (_convert_legacy_pooling_kwargs).
        if let names = try json.optionalStrings("pooling_mode") {
            guard !names.isEmpty else {
                throw EmbeddingError.invalidField(path: url.path, field: "pooling_mode", reason: "names no pooling mode")
            }
            let modes = try names.map { name in
                guard let mode = PoolingMode(configName: name) else {
                    throw EmbeddingError.unsupportedPooling(path: url.path, mode: name)
                }
                return mode
            }
            return PoolingConfiguration(pooling: Pooling(modes: modes, includesPrompt: includesPrompt), dimension: dimension)
        }

        // The flags in sentence-transformers' concatenation order. Version 6 converts them as
        // _convert_legacy_pooling_kwargs does: an absent flag is False, and no flag set means
        // "mean" (the default of Pooling(pooling_mode="mean")).
        let flags: [(key: String, mode: PoolingMode)] = [
            ("pooling_mode_cls_token", .cls),
            ("pooling_mode_max_tokens", .max),
            ("pooling_mode_mean_tokens", .mean),
            ("pooling_mode_mean_sqrt_len_tokens", .meanSqrtLengthTokens),
            ("pooling_mode_weightedmean_tokens", .weightedMean),
            ("pooling_mode_lasttoken", .lastToken),
        ]
        let enabled = try flags.filter { try json.optionalBool($0.key) ?? false }.map(\.mode)
        return PoolingConfiguration(pooling: Pooling(modes: enabled.isEmpty ? [.mean] : enabled, includesPrompt: includesPrompt),
                                    dimension: dimension)
    }
}

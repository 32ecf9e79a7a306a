/// How token states become one sentence vector, as sentence-transformers' Pooling module does it.
public enum PoolingMode: String, Sendable, Hashable, CaseIterable {
    /// Mean over the pooled tokens ([CLS] and [SEP] included unless a prompt excludes them).
    case mean
    /// The first pooled token's state ([CLS], or the first token after an excluded prompt).
    case cls
    /// Per dimension, the largest value over the pooled tokens.
    case max
    /// Sum over the pooled tokens divided by √(their count).
    case meanSqrtLengthTokens = "mean_sqrt_len_tokens"
    /// Mean weighted by position: the token at index i (from 0) weighs i + 1.
    case weightedMean = "weightedmean"
    /// The last pooled token's state ([SEP] for BERT-style tokenizers).
    case lastToken = "lasttoken"

    /// The mode a `pooling_mode` value names (sentence-transformers 5/6 names, and the
    /// `_tokens` spellings older configs use).
    init?(configName name: String) {
        switch name {
        case "mean", "mean_tokens": self = .mean
        case "cls", "cls_token": self = .cls
        case "max", "max_tokens": self = .max
        case "mean_sqrt_len_tokens", "mean_sqrt_len": self = .meanSqrtLengthTokens
        case "weightedmean", "weightedmean_tokens": self = .weightedMean
        case "lasttoken": self = .lastToken
        default: return nil
        }
    }
}

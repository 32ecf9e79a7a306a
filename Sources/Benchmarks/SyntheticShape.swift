import Inference

/// A model shape `semblance bench --synthetic` builds with random weights, and the random
/// token sequences it encodes.
public enum SyntheticShape: String, CaseIterable, Sendable {
    case miniLM = "minilm"
    case bertBase = "bert-base"
    case mpnetBase = "mpnet-base"

    /// all-MiniLM-L6-v2's shape, bert-base-uncased's, or all-mpnet-base-v2's (bert-base's
    /// body plus the relative position bias: the two side by side show what the bias costs).
    public func configuration() throws -> EncoderConfiguration {
        switch self {
        case .miniLM:
            try EncoderConfiguration(hiddenSize: 384, numHiddenLayers: 6, numAttentionHeads: 12, intermediateSize: 1536)
        case .bertBase:
            try EncoderConfiguration(hiddenSize: 768, numHiddenLayers: 12, numAttentionHeads: 12, intermediateSize: 3072)
        case .mpnetBase:
            try EncoderConfiguration(
                architecture: .mpnet, hiddenSize: 768, numHiddenLayers: 12, numAttentionHeads: 12, intermediateSize: 3072,
                maxPositionEmbeddings: 514, vocabSize: 30527, modelType: "mpnet", positionPaddingIndex: 1,
                relativeAttentionBuckets: 32)
        }
    }

    public var displayName: String {
        switch self {
        case .miniLM: "synthetic all-MiniLM-L6-v2 shape"
        case .bertBase: "synthetic bert-base shape"
        case .mpnetBase: "synthetic all-mpnet-base-v2 shape"
        }
    }

    /// Sequences per run: a few seconds of work for each shape.
    public var sequenceCount: Int {
        switch self {
        case .miniLM: 960
        case .bertBase, .mpnetBase: 320
        }
    }

    /// `count` token sequences of 6–28 tokens (triangular, mean 17, like short sentences),
    /// [CLS] … [SEP] around random ids of the whole vocabulary. Deterministic:
    /// `benchmarks/python_bench.py` draws the same lengths from the same generator.
    public static func sequences(count: Int, vocabularySize: Int) -> [[Int32]] {
        var generator = SplitMix64(seed: 42)
        // Ids from 1000 up: past the special and unused tokens of BERT vocabularies.
        let firstWordId = min(1000, vocabularySize - 1)
        let wordIdCount = max(1, vocabularySize - firstWordId)
        return (0..<count).map { _ in
            let draw = generator.next()
            let length = 6 + Int(draw % 12) + Int((draw >> 32) % 12)
            let inner = (0..<(length - 2)).map { _ in
                Int32(truncatingIfNeeded: firstWordId + Int(generator.next() % UInt64(wordIdCount)))
            }
            return [101] + inner + [102]
        }
    }
}

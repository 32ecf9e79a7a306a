import Inference

/// A model shape `semblance bench --synthetic` builds with random weights, and the random
/// token sequences it encodes.
public enum SyntheticShape: String, CaseIterable, Sendable {
    case miniLM = "minilm"
    case bertBase = "bert-base"

    /// all-MiniLM-L6-v2's shape, or bert-base-uncased's.
    public func configuration() throws -> BertConfiguration {
        switch self {
        case .miniLM:
            try BertConfiguration(hiddenSize: 384, numHiddenLayers: 6, numAttentionHeads: 12, intermediateSize: 1536)
        case .bertBase:
            try BertConfiguration(hiddenSize: 768, numHiddenLayers: 12, numAttentionHeads: 12, intermediateSize: 3072)
        }
    }

    public var displayName: String {
        switch self {
        case .miniLM: "synthetic all-MiniLM-L6-v2 shape"
        case .bertBase: "synthetic bert-base shape"
        }
    }

    /// Sequences per run: a few seconds of work for each shape.
    public var sequenceCount: Int {
        switch self {
        case .miniLM: 960
        case .bertBase: 320
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

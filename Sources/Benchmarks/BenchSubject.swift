import Embedding
import Foundation
import Inference

/// What `semblance bench` measures: an encoder, the items it encodes, and what loading it cost.
public struct BenchSubject {
    /// The model's name or shape, for the report.
    public let name: String
    public let configuration: BertConfiguration
    /// What the items are, for the report.
    public let workload: String
    /// Real tokens of each item, the template's special tokens included.
    public let lengths: [Int]
    /// Bytes of weights: the safetensors file, or the random tensors.
    public let weightBytes: Int
    /// Seconds to load (or, synthetic, to build) the model.
    public let loadSeconds: Double
    /// Of which the encoder's configuration and weights alone (nil when not measured apart).
    public let weightsLoadSeconds: Double?
    /// Seconds to tokenize every item once: the median of warm passes (nil for token-id input).
    public let tokenizeSeconds: Double?
    /// The first, cold pass over the items (tables decoded, caches empty).
    public var firstTokenizeSeconds: Double?
    /// Encodes the items at these indices in one call, as a batch.
    public let encode: ([Int]) throws -> Void

    public init(name: String, configuration: BertConfiguration, workload: String, lengths: [Int], weightBytes: Int,
                loadSeconds: Double, weightsLoadSeconds: Double?, tokenizeSeconds: Double?, encode: @escaping ([Int]) throws -> Void) {
        self.name = name
        self.configuration = configuration
        self.workload = workload
        self.lengths = lengths
        self.weightBytes = weightBytes
        self.loadSeconds = loadSeconds
        self.weightsLoadSeconds = weightsLoadSeconds
        self.tokenizeSeconds = tokenizeSeconds
        self.encode = encode
    }

    /// A sentence-transformers model over texts, timed end to end as
    /// `SentenceTransformer.encode` runs: tokenize, forward pass, pooling, normalization.
    public static func model(
        directory: URL, texts: BenchTexts, threads: Int, precision: EncoderPrecision = .float32
    ) throws -> BenchSubject {
        // Loaded three times, one after the other so that no two mappings of the weights
        // coexist to inflate peak RSS: once to find the weights (and warm the page cache, so
        // both timed loads start alike), then the encoder alone, then the whole model: the
        // difference is the tokenizer's.
        let encoderFolder = try SentenceTransformer(modelDirectory: directory, threadCount: threads)
            .weightsFile.deletingLastPathComponent()
        let weightsLoadSeconds = try TimingStatistics.time {
            _ = try BertModel.load(directory: encoderFolder, threadCount: threads, precision: precision)
        }
        let (model, loadSeconds) = try TimingStatistics.timed {
            try SentenceTransformer(modelDirectory: directory, threadCount: threads, precision: precision)
        }
        var lengths: [Int] = []
        let firstTokenizeSeconds = TimingStatistics.time {
            lengths = texts.texts.map { model.tokenize($0).tokens.count }
        }
        // The tokenizer's steady rate, as the tokenizers library is measured (after a warm-up).
        let tokenizeSeconds = TimingStatistics.median((0..<Self.tokenizePasses).map { _ in
            TimingStatistics.time { for text in texts.texts { _ = model.tokenize(text) } }
        })
        let weightBytes = (try? FileManager.default.attributesOfItem(atPath: model.weightsFile.path)[.size] as? Int) ?? 0
        let all = texts.texts
        var subject = BenchSubject(
            name: model.name + Self.suffix(precision), configuration: model.model.configuration,
            workload: "\(all.count) texts (\(texts.origin))", lengths: lengths,
            weightBytes: weightBytes, loadSeconds: loadSeconds, weightsLoadSeconds: weightsLoadSeconds,
            tokenizeSeconds: tokenizeSeconds,
            encode: { indices in _ = try model.encode(indices.map { all[$0] }, batchSize: indices.count) })
        subject.firstTokenizeSeconds = firstTokenizeSeconds
        return subject
    }

    /// What the report's name adds for a quantized encoder.
    static func suffix(_ precision: EncoderPrecision) -> String {
        precision == .float32 ? "" : " (\(precision.rawValue) linear layers)"
    }

    /// Warm passes over every item whose median is the tokenize figure.
    static let tokenizePasses = 5

    /// Random weights of `shape` over random token ids: the encoder alone.
    public static func synthetic(
        _ shape: SyntheticShape, threads: Int, precision: EncoderPrecision = .float32
    ) throws -> BenchSubject {
        let configuration = try shape.configuration()
        let (model, loadSeconds) = TimingStatistics.timed {
            BertModel(randomWeightsFor: configuration, threadCount: threads, precision: precision)
        }
        let sequences = SyntheticShape.sequences(count: shape.sequenceCount, vocabularySize: configuration.vocabSize)
        let hidden = configuration.hiddenSize, intermediate = configuration.intermediateSize
        let perLayer = 4 * hidden * hidden + 2 * hidden * intermediate + 9 * hidden + intermediate
        let embeddings = (configuration.vocabSize + configuration.maxPositionEmbeddings + configuration.typeVocabSize + 2) * hidden
        return BenchSubject(
            name: shape.displayName + Self.suffix(precision), configuration: configuration,
            workload: "\(sequences.count) random token sequences of 6–28 tokens",
            lengths: sequences.map(\.count),
            weightBytes: 4 * (embeddings + perLayer * configuration.numHiddenLayers),
            loadSeconds: loadSeconds, weightsLoadSeconds: nil, tokenizeSeconds: nil,
            encode: { indices in _ = try model.encode(indices.map { sequences[$0] }) })
    }
}

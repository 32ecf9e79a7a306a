import Foundation

/// A transformer encoder ready to run (any `EncoderArchitecture`: BERT, RoBERTa, XLM-R,
/// MPNet, DistilBERT, chosen by config.json's `model_type`): configuration plus
/// shape-checked weights.
///
/// Immutable after `init`; `encode` allocates its working memory per call, so any number
/// of threads may encode at the same time.
public final class EncoderModel: Sendable {
    /// The hyper-parameters the weights were checked against.
    public let configuration: EncoderConfiguration
    /// How many threads one `encode` call spreads its work over (OpenBLAS itself always runs
    /// one thread per call: see `BLAS`).
    public let threadCount: Int
    /// The arithmetic of the linear layers.
    public let precision: EncoderPrecision
    private let forwardPass: EncoderForwardPass

    /// One thread per processor this process may run on: a process pinned to fewer cores
    /// (`taskset`, a container's cpuset) would otherwise run more threads than it has cores.
    public static var defaultThreadCount: Int {
        max(1, min(ProcessInfo.processInfo.activeProcessorCount, ProcessorAffinity.allowedCount ?? .max))
    }

    /// Tokens per forward pass: bounds the working memory of a large batch
    /// (intermediate activations are [tokens × intermediate]) without changing results,
    /// since a sequence's states do not depend on its batch.
    private static let tokensPerPass = 4096

    /// Loads `config.json` and `model.safetensors` from a Hugging Face model directory.
    /// `recordRead` is called with config.json and its exact bytes (for model fingerprints;
    /// the weights file is hashed on its own).
    public static func load(directory: URL, threadCount: Int = defaultThreadCount, precision: EncoderPrecision = .float32,
                            recordRead: (URL, [UInt8]) -> Void = { _, _ in }) throws -> EncoderModel {
        let configuration = try EncoderConfiguration.load(from: directory.appendingPathComponent("config.json"), recordRead: recordRead)
        try checkQuantizable(configuration, precision: precision)
        let file = try SafeTensorsFile(url: directory.appendingPathComponent("model.safetensors"))
        return try EncoderModel(configuration: configuration, weights: file, threadCount: threadCount, precision: precision)
    }

    /// Looks up and checks every tensor `configuration` needs in `weights`.
    /// - Throws: `missingTensor`, `wrongShape`, `unsupportedDType`, `nonFiniteWeight`, naming the tensor.
    public convenience init(
        configuration: EncoderConfiguration, weights: SafeTensorsFile, threadCount: Int = defaultThreadCount,
        precision: EncoderPrecision = .float32
    ) throws {
        try Self.checkQuantizable(configuration, precision: precision)
        self.init(
            configuration: configuration, checkedWeights: try EncoderWeights(file: weights, configuration: configuration),
            threadCount: threadCount, precision: precision)
    }

    /// int8 products sum their inputs in int32: a layer wider than that allows is refused
    /// (a model file's sizes must never reach the kernel's precondition).
    static func checkQuantizable(_ configuration: EncoderConfiguration, precision: EncoderPrecision) throws {
        guard precision == .int8 else { return }
        let widest = max(configuration.hiddenSize, configuration.intermediateSize)
        guard widest <= Int8Linear.maximumInputs else {
            throw InferenceError.invalidConfiguration(
                file: "config.json",
                reason: "a layer takes \(widest) inputs, more than int8 products can sum exactly "
                    + "(\(Int8Linear.maximumInputs)); run this model without --quantize int8")
        }
    }

    /// A model of `configuration`'s shape with random weights (`RandomEncoderWeights`; the same
    /// as `EncoderWeights(randomFor:seed:)`),
    /// for measuring speed without a model file. Each layer is drawn, packed and let go in
    /// turn, so that memory holds one copy of the weights.
    public convenience init(
        randomWeightsFor configuration: EncoderConfiguration, seed: UInt64 = 0, threadCount: Int = defaultThreadCount,
        precision: EncoderPrecision = .float32
    ) {
        let threads = max(1, threadCount)
        var source = RandomEncoderWeights(configuration: configuration, seed: seed)
        let embeddings = source.embeddings()
        let storage = EncoderForwardPass.packedStorage(for: configuration, precision: precision)
        let layers = (0..<configuration.numHiddenLayers).map { index in
            EncoderForwardPass.pack(source.layer(index), into: storage, threads: threads, precision: precision)
        }
        self.init(
            configuration: configuration,
            forwardPass: EncoderForwardPass(configuration: configuration, embeddingsOf: embeddings, layers: layers),
            threadCount: threads, precision: precision)
    }

    /// `weights` must have been built for `configuration`.
    private convenience init(
        configuration: EncoderConfiguration, checkedWeights: EncoderWeights, threadCount: Int, precision: EncoderPrecision
    ) {
        let threads = max(1, threadCount)
        self.init(
            configuration: configuration,
            forwardPass: EncoderForwardPass(
                configuration: configuration, weights: checkedWeights, threads: threads, precision: precision),
            threadCount: threads, precision: precision)
    }

    /// The forward pass spreads its work over `threadCount` threads itself; OpenBLAS runs one
    /// thread per call (`BLAS`), so loading a model changes nothing process-wide.
    private init(
        configuration: EncoderConfiguration, forwardPass: EncoderForwardPass, threadCount: Int, precision: EncoderPrecision
    ) {
        self.configuration = configuration
        self.threadCount = threadCount
        self.precision = precision
        self.forwardPass = forwardPass
    }

    /// Last-layer token states for each sequence of the batch (ids include the special tokens).
    ///
    /// Each result has one row per id of its sequence. A sequence gets the same states
    /// whatever else is in the batch.
    /// - Throws: `emptySequence`, `sequenceTooLong`, `tokenIdOutOfRange`.
    public func encode(_ batch: [[Int32]]) throws -> [TokenStates] {
        try validate(batch)
        var results: [TokenStates] = []
        results.reserveCapacity(batch.count)
        var start = 0
        while start < batch.count {
            var end = start, tokens = 0
            while end < batch.count, end == start || tokens + batch[end].count <= Self.tokensPerPass {
                tokens += batch[end].count
                end += 1
            }
            let chunk = Array(batch[start..<end])
            results += split(forwardPass.run(chunk, threads: threadCount), lengths: chunk.map(\.count))
            start = end
        }
        return results
    }

    /// Embedding output followed by each encoder layer's output, for one sequence:
    /// `numHiddenLayers + 1` results of [tokens × hidden], as transformers'
    /// `output_hidden_states=True` gives them.
    public func hiddenStates(_ ids: [Int32]) throws -> [TokenStates] {
        try validate([ids])
        var stages: [TokenStates] = []
        stages.reserveCapacity(configuration.numHiddenLayers + 1)
        let hidden = configuration.hiddenSize
        _ = forwardPass.run([ids], threads: threadCount) { packed in
            stages.append(TokenStates(tokenCount: ids.count, hiddenSize: hidden, values: Array(packed)))
        }
        return stages
    }

    private func validate(_ batch: [[Int32]]) throws {
        let vocabularySize = configuration.vocabSize
        for (sequenceIndex, sequence) in batch.enumerated() {
            guard !sequence.isEmpty else { throw InferenceError.emptySequence(sequence: sequenceIndex) }
            guard sequence.count <= configuration.maximumSequenceLength else {
                throw InferenceError.sequenceTooLong(
                    sequence: sequenceIndex, tokenCount: sequence.count, maximum: configuration.maximumSequenceLength)
            }
            if let position = sequence.firstIndex(where: { $0 < 0 || Int($0) >= vocabularySize }) {
                throw InferenceError.tokenIdOutOfRange(
                    sequence: sequenceIndex, position: position, id: sequence[position], vocabularySize: vocabularySize)
            }
        }
    }

    /// Cuts packed states [tokens × hidden] into one `TokenStates` per sequence.
    private func split(_ packed: [Float], lengths: [Int]) -> [TokenStates] {
        let hidden = configuration.hiddenSize
        var start = 0
        return lengths.map { length in
            let values = Array(packed[(start * hidden) ..< ((start + length) * hidden)])
            start += length
            return TokenStates(tokenCount: length, hiddenSize: hidden, values: values)
        }
    }
}

/// The name the BERT-only code used; every family is an `EncoderModel` now.
public typealias BertModel = EncoderModel

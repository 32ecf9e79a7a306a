import Embedding
import Foundation
import Inference
import Testing
import TestSupport
@testable import Training

/// The backward pass of every family and of Dense modules against finite differences, and
/// what does not depend on threads.
@Suite struct FamilyBackwardTests {
    static func model(_ relative: String) -> URL { Fixtures.root.appendingPathComponent("models/" + relative) }

    static let batch = [
        TrainingPair(anchor: "a cat sat on the mat", positive: "the cat is sitting", negative: "stocks fell"),
        TrainingPair(anchor: "rain tomorrow", positive: "it will rain", negative: "sunny skies today"),
        TrainingPair(anchor: "he reads books", positive: "reading a novel", negative: "a fast red car"),
    ]

    @Test(arguments: [FeedForwardActivation.gelu, .geluTanh, .relu])
    func feedForwardActivationDerivativesMatchFiniteDifferences(_ activation: FeedForwardActivation) {
        func reference(_ v: Double) -> Double {
            switch activation {
            case .gelu: 0.5 * v * (1 + erf(v / 2.0.squareRoot()))
            case .geluTanh: 0.5 * v * (1 + tanh((2 / Double.pi).squareRoot() * (v + 0.044715 * v * v * v)))
            case .relu: max(v, 0)
            }
        }
        let xs = stride(from: -6.0, through: 6.0, by: 0.25).map { $0 + 0.01 }  // off ReLU's kink
        let slopes = FloatBuffer(xs.map(Float.init)), values = FloatBuffer(count: xs.count)
        LayerKernels.activate(activation, slopes.pointer, into: values.pointer, count: xs.count)
        for (index, x) in xs.enumerated() {
            let h = 1e-6
            let expected = (reference(x + h) - reference(x - h)) / (2 * h)
            #expect(abs(Double(slopes[index]) - expected) <= 2e-6 + 1e-5 * abs(expected), "\(activation) x = \(x)")
            #expect(abs(Double(values[index]) - reference(x)) <= 2e-6 * max(1, abs(x)), "\(activation) x = \(x)")
        }
    }

    @Test(arguments: DenseActivation.allCases)
    func denseActivationDerivativesMatchFiniteDifferences(_ activation: DenseActivation) {
        for x in stride(from: -4.0, through: 4.0, by: 0.25).map({ $0 + 0.01 }) {  // off the kinks
            let h = 1e-3
            let expected = (Double(activation.apply(Float(x + h))) - Double(activation.apply(Float(x - h)))) / (2 * h)
            let actual = Double(activation.derivative(Float(x)))
            #expect(abs(actual - expected) <= 1e-3 + 1e-3 * abs(expected), "\(activation) x = \(x): \(actual) vs \(expected)")
        }
    }

    /// Pooling → Dense (Tanh) → Normalize → Dense (Identity, no bias): the gradient of the
    /// states and of each Dense weight against central differences.
    @Test func denseHeadBackwardMatchesFiniteDifferences() {
        let hidden = 4
        let spans = [0..<3, 3..<7]
        let states = BackwardKernelTests.randomValues(7 * hidden, seed: 60)
        let first = DenseParameters(folder: "2_Dense", activation: .tanh,
                                    weight: BackwardKernelTests.randomValues(6 * 8, seed: 61), bias: BackwardKernelTests.randomValues(6, seed: 62),
                                    inFeatures: 8, outFeatures: 6)
        let second = DenseParameters(folder: "4_Dense", activation: .identity, weight: BackwardKernelTests.randomValues(3 * 6, seed: 63),
                                     bias: nil, inFeatures: 6, outFeatures: 3)
        let head = SentenceHead(pooling: Pooling(modes: [.cls, .mean]), modules: [.dense(first), .normalize, .dense(second)])
        let upstream = (0..<spans.count).map { BackwardKernelTests.randomValues(3, seed: UInt64(70 + $0)) }
        func loss() -> Double {
            let (embeddings, _) = head.forward(FloatBuffer(states), spans: spans, hidden: hidden)
            return zip(embeddings, upstream).reduce(0.0) { total, pair in
                total + zip(pair.0, pair.1).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }
        }
        let (_, cache) = head.forward(FloatBuffer(states), spans: spans, hidden: hidden)
        let stateGradient = head.backward(upstream, cache: cache, spans: spans, hidden: hidden, tokenCount: 7).array
        let numericalStates = BackwardKernelTests.numericalGradient(states.map(Double.init), h: 1e-3) { values in
            let (embeddings, _) = head.forward(FloatBuffer(values.map(Float.init)), spans: spans, hidden: hidden)
            return zip(embeddings, upstream).reduce(0.0) { total, pair in
                total + zip(pair.0, pair.1).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }
        }
        BackwardKernelTests.expectClose(stateGradient, numericalStates, relative: 2e-3, absolute: 2e-4, "states")
        #expect(head.parameters.map(\.name) == ["2_Dense.linear.weight", "2_Dense.linear.bias", "4_Dense.linear.weight"])
        for parameter in head.parameters {
            let original = parameter.valueArray
            let numerical = BackwardKernelTests.numericalGradient(original.map(Double.init), h: 1e-3) { values in
                for i in 0..<parameter.count { parameter.values[i] = Float(values[i]) }
                defer { for i in 0..<parameter.count { parameter.values[i] = original[i] } }
                return loss()
            }
            BackwardKernelTests.expectClose(parameter.gradientArray, numerical, relative: 2e-3, absolute: 2e-4, parameter.name)
        }
    }

    /// The whole model of each family with dropout on (`BackwardKernelTests` does the tiny BERT):
    /// each parameter's gradient along a direction against central differences of the loss.
    @Test(arguments: ["tiny-roberta-bpe", "tiny-mpnet", "tiny-distilbert-dense-prompts"])
    func familyGradientsMatchFiniteDifferences(_ name: String) throws {
        let model = try TrainableSentenceModel(directory: Self.model(name))
        let checked = BackwardKernelTests.expectDirectionalDerivativesMatch(model, Self.batch, label: name)
        #expect(checked == model.parameters.all.count, "\(name): every parameter has a gradient")
        if name == "tiny-mpnet" {
            // The one bucket table takes gradient from every layer and head.
            let table = try #require(model.parameters.encoder.relativeAttentionBias)
            let heads = table.shape[1]
            for h in 0..<heads {
                #expect((0..<table.shape[0]).contains { table.gradient[$0 * heads + h] != 0 }, "head \(h)")
            }
        }
    }

    /// A step's numbers do not depend on how many threads compute them (products are cut by
    /// size, not by thread count), and recomputing layers in backward changes nothing (MPNet:
    /// the bias table's sums included).
    @Test(arguments: ["tiny-mpnet", "tiny-distilbert-dense-prompts"])
    func gradientsAreTheSameBitsOnAnyThreadCountAndWhenRecomputed(_ name: String) throws {
        func gradients(threads: Int, budget: Int) throws -> (Double, [[Float]]) {
            let model = try TrainableSentenceModel(directory: Self.model(name), threadCount: threads)
            model.parameters.zeroGradients()
            let loss = model.accumulateGradients(Self.batch, loss: RankingLoss(), dropout: Inference.SplitMix64(seed: 3),
                                                 activationBudget: budget)
            return (loss, model.parameters.all.map(\.gradientArray))
        }
        let (oneLoss, one) = try gradients(threads: 1, budget: TrainableSentenceModel.defaultActivationBudget)
        let (twoLoss, two) = try gradients(threads: 2, budget: TrainableSentenceModel.defaultActivationBudget)
        let (recomputedLoss, recomputed) = try gradients(threads: 2, budget: 0)
        #expect(oneLoss == twoLoss && oneLoss == recomputedLoss)
        #expect(one == two)
        #expect(one == recomputed)
        #expect(one.contains { $0.contains { $0 != 0 } })
    }

    /// DistilBERT's sinusoidal table is fixed: not a trained parameter, and untouched by a step.
    @Test func aSinusoidalPositionTableIsNotTrained() throws {
        let encoder = try EncoderParameters(directory: Self.model("tiny-distilbert-sinusoidal"))
        #expect(!encoder.trainsPositions)
        #expect(!encoder.all.contains { $0.name.contains("position_embeddings") })
        #expect(encoder.tokenTypeEmbeddings == nil && encoder.relativeAttentionBias == nil)
        let before = encoder.positionEmbeddings.valueArray
        let pass = EncoderTrainingPass(parameters: encoder, sequences: [[5, 9, 17], [33, 2, 8, 40]], dropout: nil)
        var unused = Inference.SplitMix64(seed: 0)
        let states = pass.forward(generator: &unused)
        pass.backward(FloatBuffer(BackwardKernelTests.randomValues(states.count, seed: 5)))
        #expect(encoder.positionEmbeddings.gradientArray.allSatisfy { $0 == 0 })
        #expect(encoder.positionEmbeddings.valueArray == before)
    }

    /// With `include_prompt` false the prompt's tokens are left out of every pooling mode:
    /// the backward pass against central differences, the left-out tokens getting nothing.
    @Test(arguments: BackwardKernelTests.PoolingModeCase.allCases)
    func poolingWithoutThePromptMatchesFiniteDifferences(_ mode: BackwardKernelTests.PoolingModeCase) {
        let hidden = 4, excluded = 2
        let spans = [0..<4, 4..<9]
        let analytic = BackwardKernelTests.expectPoolingBackwardMatches(
            mode, spans: spans, excludingFirst: excluded, seed: 80, label: "pooling \(mode) without the prompt")
        for span in spans {
            for token in span.lowerBound ..< span.lowerBound + excluded {
                #expect((0..<hidden).allSatisfy { analytic[token * hidden + $0] == 0 }, "\(mode): prompt token \(token)")
            }
        }
    }

    /// Training's forward pass with a prompt gives the inference pass's vectors (DistilBERT,
    /// mean without the prompt → Dense → Normalize).
    @Test func embeddingWithThePromptIsWhatTheModelEncodes() throws {
        let model = try TrainableSentenceModel(directory: Self.model("tiny-distilbert-dense-prompts"))
        #expect(!model.sentenceModel.pooling.includesPrompt && model.excludedTokens("query: ") > 0)
        let texts = ["a cat sat on the mat", "rain is expected tomorrow", "x"]
        let encoded = try model.sentenceModel.encode(texts, prompt: .named("query"))
        for (mine, theirs) in zip(model.embed(texts, prompt: "query: "), encoded) {
            #expect(PyTorchParityTests.cosine(mine, theirs) >= 0.99999)
        }
        let plain = try model.sentenceModel.encode(texts, prompt: .text(""))
        for (mine, theirs) in zip(model.embed(texts), plain) {
            #expect(PyTorchParityTests.cosine(mine, theirs) >= 0.99999)
        }
    }
}

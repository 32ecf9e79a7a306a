import Foundation
import Inference
import Testing
import TestSupport
@testable import Training
import Embedding

/// Each backward kernel against finite differences of a double-precision forward.
@Suite struct BackwardKernelTests {
    /// A reproducible vector of `count` values in [−scale, scale].
    static func randomValues(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var generator = Inference.SplitMix64(seed: seed)
        return (0..<count).map { _ in Float(generator.next() >> 40) * 0x1p-24 * 2 * scale - scale }
    }

    /// Central differences of `f` at `x` (Double), step h.
    static func numericalGradient(_ x: [Double], h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
        (0..<x.count).map { i in
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            return (f(plus) - f(minus)) / (2 * h)
        }
    }

    static func expectClose(_ actual: [Float], _ expected: [Double], relative: Double, absolute: Double, _ what: String) {
        #expect(actual.count == expected.count)
        let scale = expected.map(abs).max() ?? 1
        for (a, e) in zip(actual, expected) {
            #expect(abs(Double(a) - e) <= relative * abs(e) + absolute * max(scale, 1e-3), "\(what): \(a) vs \(e)")
        }
    }

    @Test func layerNormBackwardMatchesFiniteDifferences() {
        let rows = 3, width = 8
        let x = Self.randomValues(rows * width, seed: 1, scale: 2)
        let gamma = Self.randomValues(width, seed: 2).map { $0 + 1 }, beta = Self.randomValues(width, seed: 3)
        let upstream = Self.randomValues(rows * width, seed: 4)
        // L = Σ upstream ⊙ LN(x), in Double.
        func loss(_ x: [Double], _ g: [Double], _ b: [Double]) -> Double {
            var total = 0.0
            for r in 0..<rows {
                let row = Array(x[(r * width) ..< ((r + 1) * width)])
                let mean = row.reduce(0, +) / Double(width)
                let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(width)
                for c in 0..<width {
                    total += Double(upstream[r * width + c]) * ((row[c] - mean) / (variance + 1e-12).squareRoot() * g[c] + b[c])
                }
            }
            return total
        }
        let xd = x.map(Double.init), gd = gamma.map(Double.init), bd = beta.map(Double.init)
        let output = FloatBuffer(x), normalized = FloatBuffer(count: rows * width), inverse = FloatBuffer(count: rows)
        let gammaBuffer = FloatBuffer(gamma), betaBuffer = FloatBuffer(beta)
        LayerKernels.layerNorm(output.pointer, rowCount: rows, width: width, weight: gammaBuffer.pointer, bias: betaBuffer.pointer,
                               epsilon: 1e-12, normalized: normalized.pointer, inverseDeviation: inverse.pointer)
        let gradient = FloatBuffer(upstream), dGamma = FloatBuffer(count: width), dBeta = FloatBuffer(count: width)
        LayerKernels.layerNormBackward(gradient.pointer, rowCount: rows, width: width, weight: gammaBuffer.pointer,
                                       normalized: normalized.pointer, inverseDeviation: inverse.pointer,
                                       weightGradient: dGamma.pointer, biasGradient: dBeta.pointer)
        Self.expectClose(gradient.array, Self.numericalGradient(xd) { loss($0, gd, bd) }, relative: 1e-4, absolute: 1e-5, "dx")
        Self.expectClose(dGamma.array, Self.numericalGradient(gd) { loss(xd, $0, bd) }, relative: 1e-4, absolute: 1e-5, "dγ")
        Self.expectClose(dBeta.array, Self.numericalGradient(bd) { loss(xd, gd, $0) }, relative: 1e-4, absolute: 1e-5, "dβ")
    }

    @Test func softmaxBackwardMatchesFiniteDifferences() {
        let n = 5
        let scores = Self.randomValues(n * n, seed: 5, scale: 3), upstream = Self.randomValues(n * n, seed: 6)
        func loss(_ s: [Double]) -> Double {
            var total = 0.0
            for r in 0..<n {
                let row = Array(s[(r * n) ..< ((r + 1) * n)])
                let maximum = row.max() ?? 0
                let exps = row.map { exp($0 - maximum) }
                let sum = exps.reduce(0, +)
                for c in 0..<n { total += Double(upstream[r * n + c]) * exps[c] / sum }
            }
            return total
        }
        let probabilities = FloatBuffer(scores)
        LayerKernels.softmaxRows(probabilities.pointer, rowCount: n, width: n)
        let gradient = FloatBuffer(upstream)
        LayerKernels.softmaxBackward(gradient.pointer, probabilities: probabilities.pointer, rowCount: n, width: n)
        Self.expectClose(gradient.array, Self.numericalGradient(scores.map(Double.init), loss), relative: 1e-4, absolute: 1e-6, "dS")
    }

    @Test func geluDerivativeMatchesFiniteDifferences() {
        for x in stride(from: -6.0, through: 6.0, by: 0.25) {
            let h = 1e-6
            func gelu(_ v: Double) -> Double { 0.5 * v * (1 + erf(v / 2.0.squareRoot())) }
            let expected = (gelu(x + h) - gelu(x - h)) / (2 * h)
            #expect(abs(Double(LayerKernels.geluDerivative(Float(x))) - expected) <= 1e-6 + 1e-5 * abs(expected), "x = \(x)")
            #expect(abs(Double(LayerKernels.gelu(Float(x))) - gelu(x)) <= 1e-6 * max(1, abs(x)), "x = \(x)")
            let (value, slope) = LayerKernels.geluAndDerivative(Float(x))
            #expect(value == LayerKernels.gelu(Float(x)) && slope == LayerKernels.geluDerivative(Float(x)), "x = \(x)")
        }
    }

    @Test(arguments: [RankingLoss(), RankingLoss(scale: 7, similarity: .dot), RankingLoss(symmetric: true)])
    func rankingLossGradientMatchesFiniteDifferences(loss: RankingLoss) {
        let b = 3, d = 4
        for candidateCount in [b, 2 * b] {  // positives only, then with hard negatives
            let anchors = (0..<b).map { Self.randomValues(d, seed: UInt64(10 + $0), scale: loss.similarity == .dot ? 0.3 : 1) }
            let candidates = (0..<candidateCount).map { Self.randomValues(d, seed: UInt64(20 + $0), scale: loss.similarity == .dot ? 0.3 : 1) }
            let result = loss.evaluate(anchors: anchors, candidates: candidates)
            let flat = (anchors + candidates).flatMap { $0 }.map(Double.init)
            let numerical = Self.numericalGradient(flat) { values in
                // The loss written out again in Double (the library's takes Float vectors).
                let unit: ([Double]) -> [Double] = { v in
                    loss.similarity == .cosine ? v.map { $0 / RankingLoss.norm(v) } : v
                }
                let all = (0..<(b + candidateCount)).map { unit(Array(values[($0 * d) ..< (($0 + 1) * d)])) }
                let a = Array(all[0..<b]), c = Array(all[b...])
                let scores = a.map { x in c.map { loss.scale * RankingLoss.dot(x, $0) } }
                var total = 0.0
                for i in 0..<b { total += RankingLoss.crossEntropy(scores[i], target: i).0 / Double(b) }
                guard loss.symmetric else { return total }
                var reverse = 0.0
                for j in 0..<b { reverse += RankingLoss.crossEntropy((0..<b).map { scores[$0][j] }, target: j).0 / Double(b) }
                return 0.5 * total + 0.5 * reverse
            }
            let analytic = (result.anchorGradients + result.candidateGradients).flatMap { $0 }
            Self.expectClose(analytic, numerical, relative: 1e-4, absolute: 1e-6, "MNRL \(loss) candidates \(candidateCount)")
        }
    }

    @Test(arguments: PoolingModeCase.allCases)
    func poolingBackwardMatchesFiniteDifferences(mode: PoolingModeCase) {
        Self.expectPoolingBackwardMatches(mode, spans: [0..<3, 3..<7], excludingFirst: 0, seed: 30, label: "pooling \(mode)")
    }

    /// The pooling head's backward pass for `mode` over random hidden states (4 wide) cut into
    /// `spans`, with the first `excluded` tokens of each span left out of the pooling, against
    /// central differences of its forward pass. Returns the analytic gradient of the states.
    @discardableResult
    static func expectPoolingBackwardMatches(_ mode: PoolingModeCase, spans: [Range<Int>], excludingFirst excluded: Int, seed: UInt64, label: String) -> [Float] {
        let hidden = 4
        let tokenCount = spans.last?.upperBound ?? 0
        let states = randomValues(tokenCount * hidden, seed: seed)
        let head = SentenceHead(pooling: mode.pooling, normalizes: mode.normalizes)
        let width = mode.pooling.modes.count * hidden
        let upstream = (0..<spans.count).map { randomValues(width, seed: seed + 10 + UInt64($0)) }
        func loss(_ values: [Double]) -> Double {
            let (embeddings, _) = head.forward(FloatBuffer(values.map(Float.init)), spans: spans, hidden: hidden, excludingFirst: excluded)
            return zip(embeddings, upstream).reduce(0.0) { total, pair in
                total + zip(pair.0, pair.1).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }
        }
        let (_, cache) = head.forward(FloatBuffer(states), spans: spans, hidden: hidden, excludingFirst: excluded)
        let analytic = head.backward(upstream, cache: cache, spans: spans, hidden: hidden, tokenCount: tokenCount, excludingFirst: excluded).array
        let numerical = numericalGradient(states.map(Double.init), h: 1e-3, loss)
        expectClose(analytic, numerical, relative: 2e-3, absolute: 2e-4, label)
        return analytic
    }

    /// The whole model (embeddings, attention, GELU feed-forward, LayerNorms, mean pooling,
    /// Normalize, MNRL) with dropout on: for each parameter tensor, the derivative of the loss
    /// along a direction (half the gradient's, half random) by central differences of the
    /// float forward pass, against the gradient's dot product with that direction. The same
    /// dropout generator on every evaluation keeps the masks fixed.
    @Test func encoderGradientsMatchFiniteDifferences() throws {
        let model = try TrainableSentenceModel(directory: Fixtures.tinyModel)
        let batch = [
            TrainingPair(anchor: "a cat sat on the mat", positive: "the cat is sitting", negative: "stocks fell"),
            TrainingPair(anchor: "rain tomorrow", positive: "it will rain", negative: "sunny skies today"),
            TrainingPair(anchor: "he reads books", positive: "reading a novel", negative: "a fast red car"),
        ]
        let checked = Self.expectDirectionalDerivativesMatch(model, batch, label: "tiny BERT")
        #expect(checked > 0)
    }

    /// For each parameter tensor of `model` with a gradient on `batch` (MNRL, dropout on, the
    /// same generator on every evaluation so the masks stay fixed): the derivative of the loss
    /// along a direction (half the gradient's, half random) by central differences of the float
    /// forward pass, against the gradient's dot product with that direction. Returns how many
    /// tensors were checked; the model's gradients are left as computed.
    @discardableResult
    static func expectDirectionalDerivativesMatch(_ model: TrainableSentenceModel, _ batch: [TrainingPair], label: String) -> Int {
        let loss = RankingLoss()
        let dropout = Inference.SplitMix64(seed: 99)
        model.parameters.zeroGradients()
        _ = model.accumulateGradients(batch, loss: loss, dropout: dropout)
        var checked = 0
        for (index, parameter) in model.parameters.all.enumerated() {
            let gradient = parameter.gradientArray
            let gradientNorm = gradient.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            guard gradientNorm > 0 else { continue }
            let random = randomValues(parameter.count, seed: UInt64(500 + index))
            let randomNorm = random.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            let direction = (0..<parameter.count).map { Float(Double(gradient[$0]) / gradientNorm + Double(random[$0]) / randomNorm) }
            let analytic = zip(gradient, direction).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let original = parameter.valueArray
            func lossAt(_ h: Float) -> Double {
                for i in 0..<parameter.count { parameter.values[i] = original[i] + h * direction[i] }
                defer { for i in 0..<parameter.count { parameter.values[i] = original[i] } }
                return TrainableSentenceModel.Probe(model).loss(batch, loss: loss, dropout: dropout)
            }
            let h: Float = 1e-2
            let numerical = (lossAt(h) - lossAt(-h)) / Double(2 * h)
            #expect(abs(numerical - analytic) <= 2e-2 * abs(analytic) + 2e-4, "\(label) \(parameter.name): \(numerical) vs \(analytic)")
            checked += 1
        }
        return checked
    }

    /// Recomputing layers in backward (a budget of 0 bytes) gives exactly the gradients of
    /// keeping them, dropout masks included.
    @Test func recomputedLayersGiveTheSameGradients() throws {
        let model = try TrainableSentenceModel(directory: Fixtures.tinyModel)
        let batch = [TrainingPair(anchor: "a cat sat", positive: "the cat sits"), TrainingPair(anchor: "rain", positive: "it rains")]
        model.parameters.zeroGradients()
        let kept = model.accumulateGradients(batch, loss: RankingLoss(), dropout: Inference.SplitMix64(seed: 3))
        let keptGradients = model.parameters.all.map(\.gradientArray)
        model.parameters.zeroGradients()
        let recomputed = model.accumulateGradients(batch, loss: RankingLoss(), dropout: Inference.SplitMix64(seed: 3), activationBudget: 0)
        #expect(kept == recomputed)
        #expect(model.parameters.all.map(\.gradientArray) == keptGradients)
        #expect(keptGradients.contains { $0.contains { $0 != 0 } })
    }

    enum PoolingModeCase: CaseIterable, Sendable {
        case mean, cls, max, sqrt, weighted, last, concatenated, meanUnnormalized
        var pooling: Pooling {
            switch self {
            case .mean, .meanUnnormalized: Pooling(.mean)
            case .cls: Pooling(.cls)
            case .max: Pooling(.max)
            case .sqrt: Pooling(.meanSqrtLengthTokens)
            case .weighted: Pooling(.weightedMean)
            case .last: Pooling(.lastToken)
            case .concatenated: Pooling(modes: [.cls, .mean])
            }
        }
        var normalizes: Bool { self != .meanUnnormalized }
    }
}

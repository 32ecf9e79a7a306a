import Foundation
import Inference
import Testing
import TestSupport
@testable import Training

/// The tiny BERT fixture trained as `make_training_reference.py` trains it with PyTorch
/// (fit()'s recipe written out, no shuffling, no dropout).
@Suite struct PyTorchParityTests {
    static let referenceFolder = Fixtures.root.appendingPathComponent("reference/training")

    struct Run: Decodable {
        struct Recipe: Decodable {
            let batch_size: Int, epochs: Int, lr: Double, warmup_steps: Int, weight_decay: Double
            let max_grad_norm: Double, scale: Double
        }
        struct Step: Decodable { let step: Int, loss: Double, lr: Double, grad_norm: Double }
        let recipe: Recipe
        let first_batch_loss_float64: Double
        let steps: [Step]
        let texts: [String]
        let trained_embeddings: [[Float]]
    }

    static func reference() throws -> Run {
        try JSONDecoder().decode(Run.self, from: Data(contentsOf: referenceFolder.appendingPathComponent("run.json")))
    }

    static func pairs() throws -> [TrainingPair] {
        try TrainingPairsReader.read(path: referenceFolder.appendingPathComponent("pairs.tsv").path)
    }

    static func cosine(_ x: [Float], _ y: [Float]) -> Double {
        func dot(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
        return dot(x, y) / (dot(x, x).squareRoot() * dot(y, y).squareRoot())
    }

    @Test func firstBatchGradientsMatchPyTorch() throws {
        let run = try Self.reference()
        let model = try TrainableSentenceModel(directory: Fixtures.tinyModel)
        let batch = Array(try Self.pairs().prefix(run.recipe.batch_size))
        let loss = model.accumulateGradients(batch, loss: RankingLoss(scale: run.recipe.scale), dropout: nil)
        #expect(abs(loss - run.first_batch_loss_float64) < 1e-5)
        let file = try SafeTensorsFile(url: Self.referenceFolder.appendingPathComponent("gradients.safetensors"))
        var compared = 0
        for parameter in model.parameters.all {
            let gradient = parameter.gradientArray
            var expected: [Float]
            var actual: [Float]
            if parameter.name.hasSuffix("word_embeddings.weight") {
                let rows = try file.floatTensor(named: parameter.name + ".rows").values.map { Int($0) }
                expected = try file.floatTensor(named: parameter.name).values
                let width = parameter.shape[1]
                actual = rows.flatMap { gradient[($0 * width) ..< (($0 + 1) * width)] }
                // Every other row has no gradient.
                var others = gradient
                for row in rows { for c in 0..<width { others[row * width + c] = 0 } }
                #expect(others.allSatisfy { $0 == 0 }, "\(parameter.name): a row outside the batch has a gradient")
            } else {
                expected = try file.floatTensor(named: parameter.name).values
                actual = gradient
            }
            #expect(actual.count == expected.count, "\(parameter.name)")
            var worst = 0.0
            for (a, e) in zip(actual, expected) {
                let error = abs(Double(a) - Double(e))
                // Within 1e-4 relative, or 1e-6 absolute.
                worst = max(worst, error / max(1e-4 * abs(Double(e)), 1e-6))
            }
            #expect(worst <= 1, "\(parameter.name): error \(worst) × the tolerance")
            compared += 1
        }
        #expect(compared == model.parameters.all.count && compared == 5 + 16 * 2)
    }

    @Test func oneEpochMatchesPyTorchStepByStep() throws {
        let run = try Self.reference()
        let model = try TrainableSentenceModel(directory: Fixtures.tinyModel)
        let options = TrainingOptions(
            epochs: run.recipe.epochs, batchSize: run.recipe.batch_size, learningRate: run.recipe.lr,
            warmupSteps: run.recipe.warmup_steps, weightDecay: run.recipe.weight_decay,
            maxGradNorm: run.recipe.max_grad_norm, loss: RankingLoss(scale: run.recipe.scale),
            seed: 0, shuffles: false, dropout: false)
        let loop = try TrainingLoop(model: model, pairs: try Self.pairs(), pairsName: "pairs.tsv", options: options)
        var records: [StepRecord] = []
        try loop.run(until: { false }) { records.append($0) }
        #expect(records.count == run.steps.count && records.count >= 10)
        for (record, expected) in zip(records, run.steps) {
            #expect(abs(record.loss - expected.loss) <= 1e-3, "step \(expected.step): loss \(record.loss) vs \(expected.loss)")
            #expect(abs(record.learningRate - expected.lr) <= 1e-12, "step \(expected.step): lr")
            #expect(abs(record.gradNorm - expected.grad_norm) <= 1e-3 * expected.grad_norm, "step \(expected.step): grad norm")
        }
        let embeddings = model.embed(run.texts)
        for (index, (mine, theirs)) in zip(embeddings, run.trained_embeddings).enumerated() {
            let cosine = Self.cosine(mine, theirs)
            #expect(cosine >= 0.9999, "text \(index): cos \(cosine)")
        }
    }
}

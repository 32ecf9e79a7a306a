import Foundation
import Inference
import Testing
import TestSupport
@testable import Training

/// Models trained as `make_training_reference.py` trains them with PyTorch (fit()'s recipe
/// written out, no shuffling, no dropout): the tiny BERT, and one model of every other family
/// and Dense/pooling pipeline (`reference/training/<name>/`).
@Suite struct PyTorchParityTests {
    static let referenceFolder = Fixtures.root.appendingPathComponent("reference/training")

    /// A trained model and where its reference is.
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let model: URL
        let reference: URL
        var description: String { name }

        static let bert = Case(name: "tiny-bert-mean", model: Fixtures.tinyModel, reference: referenceFolder)
        static func family(_ name: String, model relative: String) -> Case {
            Case(name: name, model: Fixtures.root.appendingPathComponent("models/" + relative),
                 reference: referenceFolder.appendingPathComponent(name))
        }

        static let all: [Case] = [
            .bert,
            .family("tiny-roberta-bpe", model: "tiny-roberta-bpe"),
            .family("tiny-xlmr-unigram", model: "tiny-xlmr-unigram"),
            .family("tiny-distilbert-dense-prompts", model: "tiny-distilbert-dense-prompts"),
            .family("tiny-mpnet", model: "tiny-mpnet"),
            .family("concat-identity-dot", model: "modules/concat-identity-dot"),
            .family("legacy-cls-mean-dense-gelu", model: "modules/legacy-cls-mean-dense-gelu"),
        ]
    }

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

    static func reference(_ folder: URL = referenceFolder) throws -> Run {
        try JSONDecoder().decode(Run.self, from: Data(contentsOf: folder.appendingPathComponent("run.json")))
    }

    static func pairs() throws -> [TrainingPair] {
        try TrainingPairsReader.read(path: referenceFolder.appendingPathComponent("pairs.tsv").path)
    }

    static func cosine(_ x: [Float], _ y: [Float]) -> Double {
        func dot(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
        return dot(x, y) / (dot(x, x).squareRoot() * dot(y, y).squareRoot())
    }

    /// Each parameter's gradient against `file`'s, within 1e-4 relative or 1e-6 absolute. A
    /// table stored with `<name>.rows` holds only those rows; every other row must be zero.
    /// Returns how many parameters were compared.
    static func expectGradientsMatch(_ parameters: [Parameter], _ file: SafeTensorsFile, _ what: String) throws -> Int {
        var compared = 0
        for parameter in parameters {
            let gradient = parameter.gradientArray
            var expected: [Float]
            var actual: [Float]
            guard file.tensors[parameter.name] != nil else {
                Issue.record("\(what): PyTorch has no gradient for \(parameter.name)")
                continue
            }
            if file.tensors[parameter.name + ".rows"] != nil {
                let rows = try file.floatTensor(named: parameter.name + ".rows").values.map { Int($0) }
                expected = try file.floatTensor(named: parameter.name).values
                let width = parameter.shape[1]
                actual = rows.flatMap { gradient[($0 * width) ..< (($0 + 1) * width)] }
                var others = gradient
                for row in rows { for c in 0..<width { others[row * width + c] = 0 } }
                #expect(others.allSatisfy { $0 == 0 }, "\(what) \(parameter.name): a row outside the batch has a gradient")
            } else {
                expected = try file.floatTensor(named: parameter.name).values
                actual = gradient
            }
            #expect(actual.count == expected.count, "\(what) \(parameter.name)")
            var worst = 0.0
            for (a, e) in zip(actual, expected) {
                let error = abs(Double(a) - Double(e))
                worst = max(worst, error / max(1e-4 * abs(Double(e)), 1e-6))
            }
            #expect(worst <= 1, "\(what) \(parameter.name): error \(worst) × the tolerance")
            compared += 1
        }
        // Nothing PyTorch trains is left out.
        let names = Set(parameters.map(\.name))
        for name in file.tensors.keys where !name.hasSuffix(".rows") && !name.hasPrefix("ids.") {
            #expect(names.contains(name), "\(what): \(name) has a gradient in PyTorch but is not trained")
        }
        return compared
    }

    @Test(arguments: Case.all)
    func firstBatchGradientsMatchPyTorch(_ model: Case) throws {
        let run = try Self.reference(model.reference)
        let trainable = try TrainableSentenceModel(directory: model.model)
        let batch = Array(try Self.pairs().prefix(run.recipe.batch_size))
        let loss = trainable.accumulateGradients(batch, loss: RankingLoss(scale: run.recipe.scale), dropout: nil)
        #expect(abs(loss - run.first_batch_loss_float64) < 1e-5, "\(model): loss \(loss) vs \(run.first_batch_loss_float64)")
        let file = try SafeTensorsFile(url: model.reference.appendingPathComponent("gradients.safetensors"))
        let compared = try Self.expectGradientsMatch(trainable.parameters.all, file, model.name)
        #expect(compared == trainable.parameters.all.count)
        if model.name == Case.bert.name { #expect(compared == 5 + 16 * 2) }
    }

    @Test(arguments: Case.all)
    func oneEpochMatchesPyTorchStepByStep(_ model: Case) throws {
        let run = try Self.reference(model.reference)
        let trainable = try TrainableSentenceModel(directory: model.model)
        let options = TrainingOptions(
            epochs: run.recipe.epochs, batchSize: run.recipe.batch_size, learningRate: run.recipe.lr,
            warmupSteps: run.recipe.warmup_steps, weightDecay: run.recipe.weight_decay,
            maxGradNorm: run.recipe.max_grad_norm, loss: RankingLoss(scale: run.recipe.scale),
            seed: 0, shuffles: false, dropout: false)
        let loop = try TrainingLoop(model: trainable, pairs: try Self.pairs(), pairsName: "pairs.tsv", options: options)
        var records: [StepRecord] = []
        try loop.run(until: { false }) { records.append($0) }
        #expect(records.count == run.steps.count && records.count >= 10)
        for (record, expected) in zip(records, run.steps) {
            #expect(abs(record.loss - expected.loss) <= 1e-3, "\(model) step \(expected.step): loss \(record.loss) vs \(expected.loss)")
            #expect(abs(record.learningRate - expected.lr) <= 1e-12, "\(model) step \(expected.step): lr")
            #expect(abs(record.gradNorm - expected.grad_norm) <= 1e-3 * expected.grad_norm, "\(model) step \(expected.step): grad norm")
        }
        let embeddings = trainable.embed(run.texts)
        for (index, (mine, theirs)) in zip(embeddings, run.trained_embeddings).enumerated() {
            let cosine = Self.cosine(mine, theirs)
            #expect(cosine >= 0.9999, "\(model) text \(index): cos \(cosine)")
        }
    }

    /// The bare encoders (no tokenizer): DistilBERT with a fixed sinusoidal table and ReLU,
    /// RoBERTa with gelu_new and padding id 3. MNRL over mean-pooled states of the id
    /// sequences PyTorch used; the sinusoidal table is not trained.
    @Test(arguments: ["tiny-distilbert-sinusoidal", "tiny-roberta-gelu-new"])
    func bareEncoderGradientsMatchPyTorch(_ name: String) throws {
        let folder = Self.referenceFolder.appendingPathComponent("encoders")
        struct Loss: Decodable { let loss: Double, trained: [String] }
        let losses = try JSONDecoder().decode([String: Loss].self, from: Data(contentsOf: folder.appendingPathComponent("losses.json")))
        let expected = try #require(losses[name])
        let file = try SafeTensorsFile(url: folder.appendingPathComponent(name + ".safetensors"))
        let sequences = try (0..<6).map { try file.floatTensor(named: "ids.\($0)").values.map { Int32($0) } }
        let encoder = try EncoderParameters(directory: Fixtures.root.appendingPathComponent("models/" + name))
        #expect(Set(encoder.all.map(\.name)) == Set(expected.trained), "\(name): trained parameters")
        let pass = EncoderTrainingPass(parameters: encoder, sequences: sequences, dropout: nil)
        var unused = Inference.SplitMix64(seed: 0)
        let states = pass.forward(generator: &unused)
        let head = SentenceHead(pooling: .init(.mean), normalizes: false)
        let hidden = encoder.configuration.hiddenSize
        let (embeddings, cache) = head.forward(states, spans: pass.spans, hidden: hidden)
        let result = RankingLoss(scale: 20).evaluate(anchors: Array(embeddings[0..<3]), candidates: Array(embeddings[3...]))
        #expect(abs(result.loss - expected.loss) < 1e-5, "\(name): loss \(result.loss) vs \(expected.loss)")
        pass.backward(head.backward(result.anchorGradients + result.candidateGradients, cache: cache, spans: pass.spans,
                                    hidden: hidden, tokenCount: pass.tokenCount))
        let compared = try Self.expectGradientsMatch(encoder.all, file, name)
        #expect(compared == encoder.all.count)
    }
}

import Embedding
import Foundation
import Inference
import Testing
import TestSupport
@testable import Training

/// A trained model of every family is written in its own layout: the inference pass loads it
/// and encodes what training embeds, and a symlinked module folder is never written through.
@Suite struct TrainedModelWriterTests {
    static func digest(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    @Test(arguments: ["tiny-roberta-bpe", "tiny-xlmr-unigram", "tiny-distilbert-dense-prompts", "tiny-mpnet",
                      "modules/concat-identity-dot"])
    func theWrittenModelEncodesWhatTrainingEmbeds(_ relative: String) throws {
        let source = Fixtures.root.appendingPathComponent("models/" + relative)
        let transformerWeights = source.appendingPathComponent(relative.hasPrefix("modules/") ? "0_Transformer/model.safetensors" : "model.safetensors")
        let before = try Self.digest(transformerWeights.resolvingSymlinksInPath())
        let model = try TrainableSentenceModel(directory: source)
        let options = TrainingOptions(epochs: 1, batchSize: 4, learningRate: 1e-3, warmupSteps: 0, seed: 0, shuffles: false, dropout: false)
        let pairs = Array(try PyTorchParityTests.pairs().prefix(8))
        let loop = try TrainingLoop(model: model, pairs: pairs, pairsName: "pairs.tsv", options: options)
        try loop.run(until: { false }) { _ in }
        let directory = try TemporaryDirectory()
        let output = directory.file("trained")
        try TrainedModelWriter.write(loop, to: output, pairsFile: "pairs.tsv")

        // The fixture is untouched (module folders that are links were copied, not written through).
        #expect(try Self.digest(transformerWeights.resolvingSymlinksInPath()) == before)
        let written = output.appendingPathComponent(relative.hasPrefix("modules/") ? "0_Transformer" : ".")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: written.path)) == nil, "a link was copied as a link")

        // Every trained tensor is stored under the family's (or the Dense module's) own name.
        let weights = try SafeTensorsFile(url: written.appendingPathComponent("model.safetensors"))
        for parameter in model.parameters.encoder.all {
            #expect(try weights.floatTensor(named: parameter.name).values == parameter.valueArray, "\(parameter.name)")
        }
        for dense in model.parameters.dense {
            let file = try SafeTensorsFile(url: output.appendingPathComponent(dense.folder + "/model.safetensors"))
            #expect(try file.floatTensor(named: "linear.weight").values == dense.weight.valueArray)
            if let bias = dense.bias { #expect(try file.floatTensor(named: "linear.bias").values == bias.valueArray) }
        }

        let texts = try PyTorchParityTests.pairs().prefix(5).map(\.anchor)
        let loaded = try SentenceTransformer(modelDirectory: output)
        let encoded = try loaded.encode(Array(texts), prompt: .text(""))
        for (index, (mine, theirs)) in zip(encoded, model.embed(Array(texts))).enumerated() {
            let cosine = PyTorchParityTests.cosine(mine, theirs)
            #expect(cosine >= 0.99999, "\(relative) text \(index): cos \(cosine)")
        }
    }
}

import ArgumentParser
import Embedding
import ExplorerUI
import Foundation
import StrictJSON
import Teaching
import TextOutput

struct LayersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layers",
        abstract: "Walk two sentences through the encoder: their similarity after every layer.",
        discussion: """
            Layer 0 is the embedding layer's output, layer k the output of transformer layer k \
            (transformers' output_hidden_states). Each layer's token states are pooled with the \
            model's pooling; the line shows the cosine of the two pooled vectors and their norms. \
            Dense and Normalize act after the last layer only (Normalize leaves a cosine \
            unchanged). --layer N (default: the last) also shows each token's share of the \
            pooled cosine at layer N; each sentence's shares sum to that cosine. \
            json: {"model", "pooling", "layers": [{"layer", "cosine", "norm_a", "norm_b"}], \
            "share_layer", "tokens_a": [{"token", "share"}], "tokens_b": […]}.
            """)

    @Argument(help: "The first sentence.") var a: String
    @Argument(help: "The second sentence.") var b: String
    @Option(help: ArgumentHelp("Show token shares at layer N (0 = embeddings; default the last).", valueName: "N"))
    var layer: Int?
    @Option(help: "Output format.") var format: ExplanationFormat = .table
    @OptionGroup var modelOptions: ModelOptions

    func run() throws {
        let model = try modelOptions.load()
        let walk = try model.layerWalk(a, b, prompt: try modelOptions.prompt(for: model), shareLayer: layer)
        switch format {
        case .json: print(json(walk, model: model))
        case .table: print(table(walk, model: model))
        }
    }

    private func json(_ walk: LayerWalk, model: SentenceTransformer) -> String {
        func tokens(_ list: [TokenShare]) -> String {
            JSONText.array(list.map { JSONText.object([("token", JSONText.string($0.token)), ("share", JSONText.number($0.share))]) })
        }
        return JSONText.object([
            ("model", JSONText.string(model.name)),
            ("pooling", JSONText.string(walk.pooling)),
            ("layers", JSONText.array(walk.layers.map { layer in
                JSONText.object([
                    ("layer", String(layer.layer)), ("cosine", JSONText.number(layer.cosine)),
                    ("norm_a", JSONText.number(layer.normA)), ("norm_b", JSONText.number(layer.normB)),
                ])
            })),
            ("share_layer", String(walk.shareLayer)),
            ("tokens_a", tokens(walk.tokensA)),
            ("tokens_b", tokens(walk.tokensB)),
        ])
    }

    private func table(_ walk: LayerWalk, model: SentenceTransformer) -> String {
        var lines = [
            "\(TerminalText.visible(model.name)): \(walk.pooling)-pooled cosine after each layer",
            "A: \(TerminalText.visible(walk.sentenceA))",
            "B: \(TerminalText.visible(walk.sentenceB))",
            "layer   cosine    norm A    norm B",
        ]
        for layer in walk.layers {
            let name = layer.layer == 0 ? "0 emb" : String(layer.layer)
            let bar = Bar.horizontal(max(0, layer.cosine), width: 20)
            lines.append(pad(name, 5) + " " + [layer.cosine, layer.normA, layer.normB].map { pad(String(format: "%.4f", $0), 9) }.joined(separator: " ") + "  " + bar)
        }
        if let halfway = walk.layerReaching(fraction: 0.5) {
            lines.append("half of the change from layer 0 to the last is reached at layer \(halfway)")
        }
        lines.append("token shares of the layer-\(walk.shareLayer) cosine (\(String(format: "%.4f", walk.layers[walk.shareLayer].cosine))):")
        for (label, list) in [("A", walk.tokensA), ("B", walk.tokensB)] {
            let parts = list.map { "\(TerminalText.visible($0.token)) \(String(format: "%+.3f", $0.share))" }
            lines.append("  \(label): " + parts.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

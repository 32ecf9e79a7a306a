import Foundation

/// A hand-made BERT small enough to write in a test: hidden 4, 2 heads, 1 layer,
/// intermediate 8, 10 words, 8 positions, with deterministic pseudo-random weights.
enum MicroBert {
    static let hidden = 4
    static let intermediate = 8
    static let vocabulary = 10
    static let positions = 8

    static let configJSON = """
        {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 4, "num_hidden_layers": 1,
         "num_attention_heads": 2, "intermediate_size": 8, "max_position_embeddings": 8,
         "type_vocab_size": 2, "vocab_size": 10, "layer_norm_eps": 1e-12, "hidden_act": "gelu"}
        """

    /// Every tensor the model reads, plus `pooler.*` and an I64 `position_ids` that must be ignored.
    static func writer(prefix: String = "") -> SafeTensorsWriter {
        var generator = LinearCongruentialGenerator(seed: 7)
        var writer = SafeTensorsWriter()
        writer.addRaw("embeddings.position_ids", dtype: "I64", shape: [1, positions],
                      bytes: (0..<positions).flatMap { withUnsafeBytes(of: Int64($0).littleEndian, Array.init) })
        let shapes: [(String, [Int])] = [
            ("embeddings.word_embeddings.weight", [vocabulary, hidden]),
            ("embeddings.position_embeddings.weight", [positions, hidden]),
            ("embeddings.token_type_embeddings.weight", [2, hidden]),
            ("embeddings.LayerNorm.weight", [hidden]), ("embeddings.LayerNorm.bias", [hidden]),
            ("encoder.layer.0.attention.self.query.weight", [hidden, hidden]),
            ("encoder.layer.0.attention.self.query.bias", [hidden]),
            ("encoder.layer.0.attention.self.key.weight", [hidden, hidden]),
            ("encoder.layer.0.attention.self.key.bias", [hidden]),
            ("encoder.layer.0.attention.self.value.weight", [hidden, hidden]),
            ("encoder.layer.0.attention.self.value.bias", [hidden]),
            ("encoder.layer.0.attention.output.dense.weight", [hidden, hidden]),
            ("encoder.layer.0.attention.output.dense.bias", [hidden]),
            ("encoder.layer.0.attention.output.LayerNorm.weight", [hidden]),
            ("encoder.layer.0.attention.output.LayerNorm.bias", [hidden]),
            ("encoder.layer.0.intermediate.dense.weight", [intermediate, hidden]),
            ("encoder.layer.0.intermediate.dense.bias", [intermediate]),
            ("encoder.layer.0.output.dense.weight", [hidden, intermediate]),
            ("encoder.layer.0.output.dense.bias", [hidden]),
            ("encoder.layer.0.output.LayerNorm.weight", [hidden]),
            ("encoder.layer.0.output.LayerNorm.bias", [hidden]),
            ("pooler.dense.weight", [hidden, hidden]), ("pooler.dense.bias", [hidden]),
        ]
        for (name, shape) in shapes {
            let count = shape.reduce(1, *)
            writer.addF32(prefix + name, shape: shape, values: (0..<count).map { _ in generator.nextFloat() })
        }
        return writer
    }

    /// Writes `config.json` (or `config`) and `writer`'s `model.safetensors` into `directory`.
    static func install(_ writer: SafeTensorsWriter, config: String = configJSON, in directory: URL) throws {
        try Data(config.utf8).write(to: directory.appendingPathComponent("config.json"))
        try writer.write(to: directory.appendingPathComponent("model.safetensors"))
    }
}

/// Deterministic pseudo-random numbers, so that a failing test can be replayed.
struct LinearCongruentialGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }

    /// A number in [-1, 1) for test weights.
    mutating func nextFloat() -> Float {
        Float(next() >> 40) / Float(1 << 23) - 1
    }
}

import Foundation

/// The scratch model directory whose configuration files the model-config entry writes.
enum FuzzModelDirectory {
    /// The model directory with its fixed files written (once).
    static let prepared: URL = {
        let weights = URL(fileURLWithPath: "fuzz/safetensors/corpus/bert-f32.safetensors")
        guard let bytes = try? Data(contentsOf: weights) else {
            FileHandle.standardError.write(Data("fuzz model-config: run from the package root (needs \(weights.path))\n".utf8))
            exit(2)
        }
        FuzzScratch.write(bytes, to: "model/model.safetensors")
        FuzzScratch.write(Array("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\nworld\n##s\n".utf8), to: "model/vocab.txt")
        return FuzzScratch.directory.appendingPathComponent("model")
    }()
}

import Foundation

/// The scratch model directory whose module files the module-config entry writes: the
/// Transformer files (tiny-bert-mean's config.json and model.safetensors, the first lines of
/// its vocabulary, its tokenizer_config.json and sentence_bert_config.json) written once.
enum FuzzTinyBert {
    static let prepared: URL = {
        let fixture = URL(fileURLWithPath: "Tests/Fixtures/models/tiny-bert-mean")
        let vocabulary = URL(fileURLWithPath: "fuzz/module-config/vocab.txt")
        for name in ["config.json", "model.safetensors", "tokenizer_config.json", "sentence_bert_config.json"] {
            guard let bytes = try? Data(contentsOf: fixture.appendingPathComponent(name)) else {
                FileHandle.standardError.write(Data("fuzz module-config: run from the package root (needs \(fixture.path)/\(name))\n".utf8))
                exit(2)
            }
            FuzzScratch.write(bytes, to: "model/" + name)
        }
        guard let words = try? Data(contentsOf: vocabulary) else {
            FileHandle.standardError.write(Data("fuzz module-config: run from the package root (needs \(vocabulary.path))\n".utf8))
            exit(2)
        }
        FuzzScratch.write(words, to: "model/vocab.txt")
        return FuzzScratch.directory.appendingPathComponent("model")
    }()
}

// fuzz: module=Embedding max_len=8192
import Foundation
import Inference
import Tokenization

/// libFuzzer entry for the model-directory configuration readers: the input holds up to five
/// files separated by the byte 0x1E (see `FuzzSections`): config.json, modules.json,
/// 1_Pooling/config.json, sentence_bert_config.json, tokenizer_config.json. An empty
/// section is an absent file. vocab.txt and model.safetensors (the tiny BERT of the
/// safetensors seeds: hidden 4, vocabulary 8) are always there.
///
/// Loading must give a model or an error; a model that loads must encode texts into vectors
/// of its dimension, unit length when it normalizes and the weights are finite.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelConfiguration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let names = ["config.json", "modules.json", "1_Pooling/config.json", "sentence_bert_config.json", "tokenizer_config.json"]
    let sections = FuzzSections.split(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), count: names.count)
    let directory = FuzzModelDirectory.prepared
    for (name, section) in zip(names, sections) {
        if let section, !section.isEmpty {
            FuzzScratch.write(section, to: "model/" + name)
        } else {
            FuzzScratch.remove("model/" + name)
        }
    }
    let model: SentenceTransformer
    do {
        model = try SentenceTransformer(modelDirectory: directory)
    } catch {
        if ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil { print("refused: \(error)") }
        return 0
    }
    fuzzCheck(model.maxSequenceLength >= 2 && model.maxSequenceLength <= model.model.configuration.maxPositionEmbeddings,
              "max sequence length \(model.maxSequenceLength)")
    _ = model.fingerprintComponents()
    let texts = ["hello world", "", "HELLO worlds hello hello world world hello", "[SEP] unknown"]
    guard let vectors = try? model.encode(texts, batchSize: 3) else { return 0 }
    fuzzCheck(vectors.count == texts.count, "\(vectors.count) vectors for \(texts.count) texts")
    for vector in vectors {
        fuzzCheck(vector.count == model.dimension, "vector of \(vector.count), dimension \(model.dimension)")
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        if model.normalizes, norm.isFinite, norm > 0 {
            fuzzCheck(abs(norm - 1) < 1e-3, "normalized vector has norm \(norm)")
        }
    }
    return 0
}

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

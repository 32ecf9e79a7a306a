// fuzz: module=Embedding max_len=8192
import Foundation
import Inference
import Tokenization

/// libFuzzer entry for the module pipeline after the Transformer: the input holds five files
/// separated by the byte 0x1E (see `FuzzSections`): modules.json, 1_Pooling/config.json,
/// 2_Dense/config.json, config_sentence_transformers.json and, last because it is binary and
/// so may hold 0x1E itself, 2_Dense/model.safetensors. An empty section is an absent file.
/// The Transformer is tiny-bert-mean's (config.json, model.safetensors: hidden 32, 2 layers),
/// with the first 2,100 lines of its vocabulary as vocab.txt (see `FuzzTinyBert`).
///
/// Checks: loading gives a model, an `EmbeddingError`, a `TokenizationError` (a modules.json
/// may point the Transformer at a folder without tokenizer files) or an `InferenceError` that
/// names the Dense weights file by its path; a model that loads encodes texts with its default
/// prompt, no prompt, every prompt it defines and its document and query prompts into finite
/// vectors of its dimension (or refuses with `nonFiniteOutput`), unit length when it
/// normalizes; a prompt name it does not define is `unknownPrompt`; its similarity function
/// gives finite scores (cosine within [-1, 1]) that agree with its score matrix.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModuleConfiguration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let names = ["modules.json", "1_Pooling/config.json", "2_Dense/config.json", "config_sentence_transformers.json",
                 "2_Dense/model.safetensors"]
    let sections = FuzzSections.split(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), count: names.count)
    let directory = FuzzTinyBert.prepared
    for (name, section) in zip(names, sections) {
        if let section, !section.isEmpty {
            FuzzScratch.write(section, to: "model/" + name)
        } else {
            FuzzScratch.remove("model/" + name)
        }
    }
    let model: SentenceTransformer
    do {
        model = try SentenceTransformer(modelDirectory: directory, threadCount: 1)
    } catch {
        // The Transformer's files are fixed, so a weights error can only be a Dense module's,
        // which must name its file by path (every module's weights are a model.safetensors).
        let namesDenseWeights = error is InferenceError && "\(error)".hasPrefix(directory.path + "/")
        fuzzCheck(error is EmbeddingError || error is TokenizationError || namesDenseWeights,
                  "load threw \(type(of: error)): \(error)")
        // FUZZ_VERBOSE=1 shows why each input was refused (to check that seeds load).
        if ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil { print("refused: \(error)") }
        return 0
    }
    let dense = model.modules.compactMap { if case let .dense(layer) = $0 { layer } else { nil } }
    fuzzCheck(model.dimension == (dense.last?.outFeatures ?? model.pooledDimension),
              "dimension \(model.dimension), pooled \(model.pooledDimension), Dense \(dense.map(\.summary))")
    fuzzCheck(model.pooledDimension == model.pooling.modes.count * model.model.configuration.hiddenSize,
              "pooled dimension \(model.pooledDimension) for \(model.pooling.name)")
    _ = model.fingerprintComponents()

    let texts = ["hello world", "", "the the the a an", "[SEP] unknown ##s"]
    var choices: [PromptChoice] = [.modelDefault, .text(""), model.documentPromptChoice, model.queryPromptChoice]
    choices += model.promptNames.map(PromptChoice.named)
    for choice in choices {
        let vectors: [[Float]]
        do {
            vectors = try model.encode(texts, prompt: choice, batchSize: 3)
        } catch EmbeddingError.nonFiniteOutput {
            continue
        } catch {
            fuzzCheck(false, "encoding with \(choice) threw \(error)")
            return 0
        }
        fuzzCheck(vectors.count == texts.count, "\(vectors.count) vectors for \(texts.count) texts")
        for vector in vectors {
            fuzzCheck(vector.count == model.dimension, "vector of \(vector.count), dimension \(model.dimension)")
            fuzzCheck(vector.allSatisfy(\.isFinite), "a vector holds NaN or infinity")
            let norm = vector.reduce(Double(0)) { $0 + Double($1) * Double($1) }.squareRoot()
            if model.normalizes, norm > 1e-6 {
                fuzzCheck(abs(norm - 1) < 1e-3, "normalized vector has norm \(norm)")
            }
        }
        let function = model.similarityFunction
        let matrix = function.matrix(vectors)
        for i in vectors.indices {
            for j in vectors.indices {
                let score = function.score(vectors[i], vectors[j])
                fuzzCheck(score.isFinite && matrix[i][j].isFinite, "\(function.name) score \(score), matrix \(matrix[i][j])")
                fuzzCheck(abs(score - matrix[i][j]) <= 1e-6 * max(1, abs(score)), "\(function.name) matrix \(matrix[i][j]) vs score \(score)")
                if function == .cosine { fuzzCheck(abs(score) <= 1 + 1e-6, "cosine \(score)") }
            }
        }
    }
    let unknown = "no such prompt"
    if !model.promptNames.contains(unknown) {
        do {
            _ = try model.encode(["hello"], prompt: .named(unknown))
            fuzzCheck(false, "an undefined prompt name encoded")
        } catch EmbeddingError.unknownPrompt {
        } catch {
            fuzzCheck(false, "an undefined prompt name threw \(error)")
        }
    }
    return 0
}

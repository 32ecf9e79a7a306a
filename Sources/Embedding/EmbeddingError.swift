import Foundation

/// Everything that can go wrong while loading a sentence-transformers directory or encoding.
public enum EmbeddingError: Error, CustomStringConvertible, Equatable {
    case modelDirectoryNotFound(path: String)
    case notADirectory(path: String)
    case missingFile(path: String)
    case unreadableJSON(path: String, reason: String)
    case invalidField(path: String, field: String, reason: String)
    /// Valid JSON of the wrong shape, e.g. modules.json holding an object instead of an array.
    case wrongDocumentType(path: String, expected: String, found: String)
    case unsupportedModule(path: String, type: String)
    case unsupportedPooling(path: String, mode: String)
    case dimensionMismatch(path: String, pooling: Int, model: Int)
    /// A module's weights only as a pickled `pytorch_model.bin`, which Semblance does not unpickle.
    case pickledWeights(path: String)
    /// A prompt name config_sentence_transformers.json (`path`, nil when absent) does not define.
    case unknownPrompt(path: String?, name: String, defined: [String])
    /// The forward pass gave a NaN or infinite value for the text at `index` (0-based, in
    /// input order): finite weights can still overflow, or a zero `layer_norm_eps` divide by zero.
    case nonFiniteOutput(model: String, index: Int)
    /// With include_prompt false the prompt's tokens fill the whole sequence: a pooling with
    /// no finite answer over no tokens (max) has nothing to pool.
    case promptLeavesNothingToPool(model: String, index: Int, prompt: String, maxSequenceLength: Int)
    /// `--model NAME` names no directory and no model installed in `modelsDirectory`.
    case modelNotInstalled(name: String, modelsDirectory: String, installed: [String])
    /// A layer walk asked for a layer the encoder does not have (0 is the embedding layer).
    case layerOutOfRange(model: String, layer: Int, layers: Int)

    public var description: String {
        switch self {
        case let .modelDirectoryNotFound(path):
            "model directory not found: \(path)"
        case let .notADirectory(path):
            "not a model directory: \(path)"
        case let .missingFile(path):
            "\(path): required file is missing"
        case let .unreadableJSON(path, reason):
            "\(path): not valid JSON (\(reason))"
        case let .invalidField(path, field, reason):
            "\(path): field \"\(field)\" \(reason)"
        case let .wrongDocumentType(path, expected, found):
            "\(path): must hold \(expected) (found \(found))"
        case let .unsupportedModule(path, type):
            "\(path): unsupported module \"\(type)\" (Semblance supports Transformer, Pooling, Dense and Normalize)"
        case let .unsupportedPooling(path, mode):
            "\(path): unsupported pooling mode \"\(mode)\" (supported: \(PoolingMode.allCases.map(\.rawValue).joined(separator: ", ")))"
        case let .dimensionMismatch(path, pooling, model):
            "\(path): pooling dimension \(pooling) does not match the model's hidden size \(model)"
        case let .pickledWeights(path):
            "\(path): pickled PyTorch weights are not read; convert them next to it with python3 -c \"import torch, safetensors.torch as st; st.save_file(torch.load('pytorch_model.bin', weights_only=True), 'model.safetensors')\""
        case let .unknownPrompt(path?, name, defined):
            "\(path): field \"prompts\" defines no prompt \"\(name)\"\(ModelPrompts.definedList(defined))"
        case let .unknownPrompt(nil, name, _):
            "no prompt \"\(name)\": the model has no config_sentence_transformers.json, so it defines no prompts"
        case let .nonFiniteOutput(model, index):
            "\(model): the forward pass gave NaN or infinite values for text \(index + 1); its weights or configuration are unusable"
        case let .promptLeavesNothingToPool(model, index, prompt, maxSequenceLength):
            "\(model): the prompt \"\(prompt)\" fills all \(maxSequenceLength) tokens of text \(index + 1), leaving none to pool (include_prompt is false)"
        case let .modelNotInstalled(name, modelsDirectory, installed):
            "no model \"\(name)\" in \(modelsDirectory) (installed: \(installed.isEmpty ? "none" : installed.joined(separator: ", "))); "
                + "give a model directory's path, or a name from that list"
        case let .layerOutOfRange(model, layer, layers):
            "\(model) has layers 0 (embeddings) to \(layers); there is no layer \(layer)"
        }
    }
}

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
    /// The forward pass gave a NaN or infinite value for the text at `index` (0-based, in
    /// input order): finite weights can still overflow, or a zero `layer_norm_eps` divide by zero.
    case nonFiniteOutput(model: String, index: Int)
    /// `--model NAME` names no directory and no model installed in `modelsDirectory`.
    case modelNotInstalled(name: String, modelsDirectory: String, installed: [String])

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
            "\(path): unsupported module \"\(type)\" (Semblance supports Transformer (BertModel), Pooling and Normalize)"
        case let .unsupportedPooling(path, mode):
            "\(path): unsupported pooling mode \"\(mode)\" (supported: mean, cls, max, mean_sqrt_len_tokens)"
        case let .dimensionMismatch(path, pooling, model):
            "\(path): pooling dimension \(pooling) does not match the model's hidden size \(model)"
        case let .nonFiniteOutput(model, index):
            "\(model): the forward pass gave NaN or infinite values for text \(index + 1); its weights or configuration are unusable"
        case let .modelNotInstalled(name, modelsDirectory, installed):
            "no model \"\(name)\" in \(modelsDirectory) (installed: \(installed.isEmpty ? "none" : installed.joined(separator: ", "))); "
                + "give a model directory's path, or a name from that list"
        }
    }
}

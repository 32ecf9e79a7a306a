import Foundation

/// Everything that can go wrong while loading a sentence-transformers directory or encoding.
public enum EmbeddingError: Error, CustomStringConvertible, Equatable {
    case modelDirectoryNotFound(path: String)
    case notADirectory(path: String)
    case missingFile(path: String)
    case unreadableJSON(path: String, reason: String)
    case invalidField(path: String, field: String, reason: String)
    case unsupportedModule(path: String, type: String)
    case unsupportedPooling(path: String, mode: String)
    case dimensionMismatch(path: String, pooling: Int, model: Int)

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
        case let .unsupportedModule(path, type):
            "\(path): unsupported module \"\(type)\" (Semblance supports Transformer (BertModel), Pooling and Normalize)"
        case let .unsupportedPooling(path, mode):
            "\(path): unsupported pooling mode \"\(mode)\" (supported: mean, cls, max, mean_sqrt_len_tokens)"
        case let .dimensionMismatch(path, pooling, model):
            "\(path): pooling dimension \(pooling) does not match the model's hidden size \(model)"
        }
    }
}

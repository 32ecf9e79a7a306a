/// Everything that can go wrong while loading or running an encoder model.
///
/// Each case renders as one readable line naming the file and, where there is one,
/// the tensor or configuration field at fault.
public enum InferenceError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A file could not be opened, inspected or mapped.
    case unreadableFile(file: String, reason: String)
    /// The file is too short to hold the 8-byte header length.
    case truncatedFile(file: String, size: Int)
    /// The header length read from the first 8 bytes runs past the end of the file.
    case headerTooLong(file: String, headerLength: UInt64, fileSize: Int)
    /// The header is not the JSON object safetensors requires.
    case invalidHeader(file: String, reason: String)
    /// A tensor entry in the header is malformed (missing field, negative size, …).
    case invalidTensorEntry(file: String, tensor: String, reason: String)
    /// A tensor's dtype is not one safetensors defines.
    case unknownDType(file: String, tensor: String, dtype: String)
    /// A tensor's dtype is known but cannot be loaded as floats (only F32, F16, BF16 can).
    case unsupportedDType(file: String, tensor: String, dtype: String)
    /// A tensor's data offsets point outside the data region.
    case offsetsOutOfRange(file: String, tensor: String, begin: Int, end: Int, dataSize: Int)
    /// A tensor's data offsets are reversed.
    case offsetsReversed(file: String, tensor: String, begin: Int, end: Int)
    /// A tensor's byte count differs from product(shape) × dtype size.
    case byteCountMismatch(file: String, tensor: String, shape: [Int], dtype: String, byteCount: Int)
    /// A tensor the model needs is not in the file.
    case missingTensor(file: String, tensor: String)
    /// A tensor's shape differs from the one the configuration implies.
    case wrongShape(file: String, tensor: String, shape: [Int], expected: [Int])
    /// A weight the model reads is NaN or infinite (`value` as printed: "nan", "inf", "-inf");
    /// `index` counts elements in row-major order.
    case nonFiniteWeight(file: String, tensor: String, index: Int, value: String)
    /// `config.json` could not be read or decoded, or holds an impossible value.
    case invalidConfiguration(file: String, reason: String)
    /// config.json's `model_type` is none of `EncoderArchitecture`'s.
    case unsupportedArchitecture(String)
    /// config.json's `architectures` names a class outside its `model_type`'s family.
    case foreignArchitecture(String, modelType: String)
    /// The configuration asks for an activation `FeedForwardActivation` does not compute.
    case unsupportedActivation(String)
    /// The configuration asks for relative position embeddings.
    case unsupportedPositionEmbedding(String)
    /// A token id is negative or not below the vocabulary size.
    case tokenIdOutOfRange(sequence: Int, position: Int, id: Int32, vocabularySize: Int)
    /// A sequence holds more tokens than the position table covers (`maximum`:
    /// `EncoderConfiguration.maximumSequenceLength`).
    case sequenceTooLong(sequence: Int, tokenCount: Int, maximum: Int)
    /// A sequence holds no tokens at all (it should at least hold the template's special tokens).
    case emptySequence(sequence: Int)

    public var description: String {
        switch self {
        case let .unreadableFile(file, reason):
            "\(file): cannot read: \(reason)"
        case let .truncatedFile(file, size):
            "\(file): truncated: \(size) bytes, too short for the 8-byte header length"
        case let .headerTooLong(file, headerLength, fileSize):
            "\(file): header length \(headerLength) exceeds file size \(fileSize)"
        case let .invalidHeader(file, reason):
            "\(file): invalid header: \(reason)"
        case let .invalidTensorEntry(file, tensor, reason):
            "\(file): tensor \"\(tensor)\": \(reason)"
        case let .unknownDType(file, tensor, dtype):
            "\(file): tensor \"\(tensor)\" has unknown dtype \(dtype)"
        case let .unsupportedDType(file, tensor, dtype):
            "\(file): tensor \"\(tensor)\" has unsupported dtype \(dtype) (only F32, F16 and BF16 can be loaded)"
        case let .offsetsOutOfRange(file, tensor, begin, end, dataSize):
            "\(file): tensor \"\(tensor)\" has data offsets [\(begin), \(end)] outside the data region of \(dataSize) bytes"
        case let .offsetsReversed(file, tensor, begin, end):
            "\(file): tensor \"\(tensor)\" has data offsets [\(begin), \(end)] with begin > end"
        case let .byteCountMismatch(file, tensor, shape, dtype, byteCount):
            "\(file): tensor \"\(tensor)\" holds \(byteCount) bytes, which does not match shape \(shape) of \(dtype)"
        case let .missingTensor(file, tensor):
            "\(file): missing tensor \"\(tensor)\""
        case let .wrongShape(file, tensor, shape, expected):
            "\(file): tensor \"\(tensor)\" has shape \(shape), expected \(expected)"
        case let .nonFiniteWeight(file, tensor, index, value):
            "\(file): tensor \"\(tensor)\" holds \(value) at element \(index): the weights are damaged"
        case let .invalidConfiguration(file, reason):
            "\(file): \(reason)"
        case let .unsupportedArchitecture(name):
            "unsupported model_type \"\(name)\" (supported: \(EncoderArchitecture.supportedModelTypes.joined(separator: ", ")))"
        case let .foreignArchitecture(name, modelType):
            "unsupported architecture \(name) for model_type \"\(modelType)\""
        case let .unsupportedActivation(name):
            "unsupported activation \"\(name)\" (supported: \(FeedForwardActivation.configNames.joined(separator: ", ")))"
        case let .unsupportedPositionEmbedding(name):
            "unsupported position_embedding_type \"\(name)\" (only \"absolute\" is supported)"
        case let .tokenIdOutOfRange(sequence, position, id, vocabularySize):
            "sequence \(sequence), token \(position): id \(id) is outside the vocabulary of \(vocabularySize) tokens"
        case let .sequenceTooLong(sequence, tokenCount, maximum):
            "sequence \(sequence) has \(tokenCount) tokens, more than the \(maximum) positions the model's position table allows (config.json max_position_embeddings)"
        case let .emptySequence(sequence):
            "sequence \(sequence) has no tokens"
        }
    }
}

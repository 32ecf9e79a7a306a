/// Problems with a text input, each naming the source (file or `<stdin>`) and line.
public enum TextInputError: Error, CustomStringConvertible, Equatable {
    case fileNotFound(path: String)
    case notAFile(path: String)
    case unreadable(path: String, reason: String)
    case invalidUTF8(source: String, line: Int)
    case malformedJSON(source: String, line: Int, reason: String)
    case missingField(source: String, line: Int, field: String)
    case fieldNotText(source: String, line: Int, field: String)
    /// An id that is an array or an object (a string, number or boolean is an id).
    case idNotScalar(source: String, line: Int, field: String)
    /// A source that holds no text at all (only empty lines, or only a header).
    case noTexts(source: String)
    /// A row of a fixed-shape file (an STS CSV) that does not have that shape.
    case badRow(source: String, line: Int, reason: String)
    /// A stream (FIFO, device) named twice in one run: it can be read only once.
    case repeatedStream(path: String, first: String)
    /// A vectors file (`.npy` or JSON Lines of embeddings) that is not what it claims or
    /// what the import needs: `detail` names the header field, row or line.
    case badVectors(path: String, detail: String)

    public var description: String {
        switch self {
        case let .fileNotFound(path): "\(path): no such file"
        case let .notAFile(path): "\(path): is a directory, not a file"
        case let .unreadable(path, reason): "\(path): cannot be read (\(reason))"
        case let .invalidUTF8(source, line): "\(source):\(line): not valid UTF-8"
        case let .malformedJSON(source, line, reason): "\(source):\(line): not valid JSON (\(reason))"
        case let .missingField(source, line, field): "\(source):\(line): no field \"\(field)\""
        case let .fieldNotText(source, line, field): "\(source):\(line): field \"\(field)\" is not a string"
        case let .idNotScalar(source, line, field):
            "\(source):\(line): id field \"\(field)\" must be a string, a number or a boolean"
        case let .noTexts(source): "\(source): no texts to read"
        case let .badRow(source, line, reason): "\(source):\(line): \(reason)"
        case let .badVectors(path, detail): "\(path): \(detail)"
        case let .repeatedStream(path, first):
            path == first
                ? "\(path): named more than once, but a FIFO or device can be read only once"
                : "\(path): the same FIFO or device as \(first), which can be read only once"
        }
    }
}

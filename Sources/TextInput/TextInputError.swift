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
        }
    }
}

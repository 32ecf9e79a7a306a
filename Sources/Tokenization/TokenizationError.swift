/// Why a tokenizer could not be loaded; `description` is one line naming the file and field.
public enum TokenizationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The model directory does not exist.
    case missingDirectory(path: String)
    /// The directory has neither tokenizer.json nor vocab.txt.
    case missingTokenizerFiles(directory: String)
    /// A file exists but cannot be read (permissions, too large, …).
    case unreadableFile(file: String, reason: String)
    /// A JSON file does not parse.
    case malformedJSON(file: String, line: Int, reason: String)
    /// A required field is absent, e.g. `model.vocab`.
    case missingField(file: String, field: String)
    /// A field has the wrong type or an impossible value.
    case invalidField(file: String, field: String, reason: String)
    /// A component this tokenizer does not implement, e.g. a BPE model.
    case unsupported(file: String, field: String, value: String, expected: String)
    /// A vocabulary token appears twice (`line` for vocab.txt).
    case duplicateToken(file: String, line: Int?, token: String)
    /// A vocabulary file has no tokens at all.
    case emptyVocabulary(file: String)
    /// A vocab.txt line is not valid UTF-8.
    case invalidUTF8(file: String, line: Int)
    /// A token the tokenizer needs (unk, cls, sep, pad) is not in the vocabulary.
    case missingToken(file: String, role: String, token: String)

    public var description: String {
        switch self {
        case let .missingDirectory(path):
            "\(path): model directory does not exist"
        case let .missingTokenizerFiles(directory):
            "\(directory): neither tokenizer.json nor vocab.txt found"
        case let .unreadableFile(file, reason):
            "\(file): cannot be read: \(reason)"
        case let .malformedJSON(file, line, reason):
            "\(file):\(line): malformed JSON: \(reason)"
        case let .missingField(file, field):
            "\(file): \(field) is missing"
        case let .invalidField(file, field, reason):
            "\(file): \(field) \(reason)"
        case let .unsupported(file, field, value, expected):
            "\(file): \(field) \(value) is not supported (expected \(expected))"
        case let .duplicateToken(file, line?, token):
            "\(file):\(line): duplicate token \(Self.quote(token))"
        case let .duplicateToken(file, nil, token):
            "\(file): duplicate token \(Self.quote(token))"
        case let .emptyVocabulary(file):
            "\(file): contains no tokens"
        case let .invalidUTF8(file, line):
            "\(file):\(line): not valid UTF-8"
        case let .missingToken(file, role, token):
            "\(file): \(role) \(Self.quote(token)) is not in the vocabulary"
        }
    }

    /// A token in double quotes with control characters escaped, so messages stay on one line.
    static func quote(_ token: String) -> String {
        let shown = token.unicodeScalars.count > 60 ? String(String.UnicodeScalarView(token.unicodeScalars.prefix(60))) + "…" : token
        return shown.debugDescription
    }
}

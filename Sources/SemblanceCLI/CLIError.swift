import TextInput

/// Errors the command layer itself raises (the modules have their own).
enum CLIError: Error, CustomStringConvertible {
    case defaultModelMissing(path: String)
    case cannotWrite(path: String, reason: String)
    /// Results for standard output, which the caller closed (`>&-`).
    case standardOutputClosed
    case emptyInput(source: String)
    /// A stream (FIFO, device) named twice in one run: it can be read only once.
    case repeatedStream(path: String, first: String)
    case badCSV(source: String, line: Int, reason: String)
    /// `eval sts`: Spearman or Pearson has no value for these pairs.
    case undefinedCorrelation(source: String, reason: String)
    /// The explorer cannot start or its engine cannot answer.
    case explorer(reason: String)
    /// `--prompt-name` names a prompt the model does not define.
    case badPromptFlag(flag: String, value: String, reason: String)

    var description: String {
        switch self {
        case let .defaultModelMissing(path):
            "the default model is not installed at \(path): run `make model` (or pass --model DIR)"
        case let .cannotWrite(path, reason):
            "\(path): cannot write (\(reason))"
        case .standardOutputClosed:
            StandardStreams.outputClosedMessage
        case let .repeatedStream(path, first):
            path == first
                ? "\(path): named more than once, but a FIFO or device can be read only once"
                : "\(path): the same FIFO or device as \(first), which can be read only once"
        case let .emptyInput(source):
            "\(source): no texts to read"
        case let .badCSV(source, line, reason):
            "\(source):\(line): \(reason)"
        case let .undefinedCorrelation(source, reason):
            "\(source): the correlation is undefined: \(reason)"
        case let .badPromptFlag(flag, value, reason):
            "\(flag) \(value): \(reason)"
        case let .explorer(reason):
            "explore: \(reason)"
        }
    }
}

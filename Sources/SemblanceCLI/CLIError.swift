import TextInput

/// Errors the command layer itself raises (the modules have their own).
enum CLIError: Error, CustomStringConvertible {
    case defaultModelMissing(path: String)
    case cannotWrite(path: String, reason: String)
    /// Results for standard output, which the caller closed (`>&-`).
    case standardOutputClosed
    /// `eval sts`: Spearman or Pearson has no value for these pairs.
    case undefinedCorrelation(source: String, reason: String)
    /// The explorer cannot start.
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
        case let .undefinedCorrelation(source, reason):
            "\(source): the correlation is undefined: \(reason)"
        case let .badPromptFlag(flag, value, reason):
            "\(flag) \(value): \(reason)"
        case let .explorer(reason):
            "explore: \(reason)"
        }
    }
}

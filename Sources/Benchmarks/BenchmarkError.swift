/// What stops a benchmark run (model, input and cache problems keep their own errors).
public enum BenchmarkError: Error, CustomStringConvertible, Equatable {
    /// The explorer session being timed did not open its corpus or did not answer.
    case explorer(reason: String)
    /// A workload the options cannot make (too few training pairs for the steps asked).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .explorer(reason): "explore: \(reason)"
        case let .invalidArgument(reason): reason
        }
    }
}

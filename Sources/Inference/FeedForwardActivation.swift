/// The activation between the two feed-forward products of every layer, by the names
/// transformers' `ACT2FN` gives them in `hidden_act` (DistilBERT: `activation`).
public enum FeedForwardActivation: Sendable, Equatable {
    /// x · Φ(x), exact (erf): `gelu`.
    case gelu
    /// ½x · (1 + tanh(√(2/π) · (x + 0.044715 x³))): `gelu_new`, `gelu_pytorch_tanh`, `gelu_fast`
    /// (three spellings of one function).
    case geluTanh
    /// max(x, 0): `relu`.
    case relu

    /// Every name accepted, for error messages.
    public static let configNames = ["gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "relu"]

    /// The activation `name` denotes, nil when this forward pass does not compute it.
    public init?(configName name: String) {
        switch name {
        case "gelu": self = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": self = .geluTanh
        case "relu": self = .relu
        default: return nil
        }
    }
}

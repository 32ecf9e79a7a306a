import Foundation

/// The activation of a Dense module, named in `config.json` by its torch class path
/// (`torch.nn.modules.activation.Tanh`); sentence-transformers instantiates the class with
/// its defaults, so each case is that default.
public enum DenseActivation: String, Sendable, Hashable, CaseIterable {
    case identity = "Identity"
    case tanh = "Tanh"
    case relu = "ReLU"
    case sigmoid = "Sigmoid"
    /// GELU(approximate="none"): x·Φ(x) with the exact normal CDF.
    case gelu = "GELU"
    case silu = "SiLU"
    /// LeakyReLU(negative_slope=0.01).
    case leakyReLU = "LeakyReLU"
    /// ELU(alpha=1.0).
    case elu = "ELU"
    /// Softplus(beta=1, threshold=20).
    case softplus = "Softplus"
    case mish = "Mish"
    case softsign = "Softsign"
    /// Hardtanh(min_val=-1, max_val=1).
    case hardtanh = "Hardtanh"

    /// The activation a torch class path names: `torch.nn.Tanh`, `torch.nn.modules.activation.Tanh`
    /// or `torch.nn.modules.linear.Identity`. Other paths are not torch's (sentence-transformers
    /// runs them only as trusted remote code), so they are refused.
    public init?(classPath: String) {
        let prefixes = ["torch.nn.modules.activation.", "torch.nn.modules.linear.", "torch.nn."]
        guard let prefix = prefixes.first(where: { classPath.hasPrefix($0) }) else { return nil }
        let name = String(classPath.dropFirst(prefix.count))
        guard let activation = DenseActivation(rawValue: name) else { return nil }
        // Identity lives in torch.nn.modules.linear, the others in torch.nn.modules.activation.
        if prefix == "torch.nn.modules.linear.", activation != .identity { return nil }
        if prefix == "torch.nn.modules.activation.", activation == .identity { return nil }
        self = activation
    }

    /// Whether the activation is affine, so token contributions pass through it exactly.
    public var isLinear: Bool { self == .identity }

    public func apply(_ x: Float) -> Float {
        switch self {
        case .identity: return x
        case .tanh: return Foundation.tanh(x)
        case .relu: return x > 0 ? x : 0
        case .sigmoid: return 1 / (1 + Foundation.exp(-x))
        case .gelu: return Float(0.5 * Double(x) * (1 + Foundation.erf(Double(x) / 2.0.squareRoot())))
        case .silu: return x / (1 + Foundation.exp(-x))
        case .leakyReLU: return x >= 0 ? x : 0.01 * x
        case .elu: return x > 0 ? x : Foundation.expm1(x)
        case .softplus: return x > 20 ? x : Foundation.log1p(Foundation.exp(x))
        case .mish:
            let softplus = x > 20 ? x : Foundation.log1p(Foundation.exp(x))
            return x * Foundation.tanh(softplus)
        case .softsign: return x / (1 + abs(x))
        case .hardtanh: return Swift.min(1, Swift.max(-1, x))
        }
    }
}

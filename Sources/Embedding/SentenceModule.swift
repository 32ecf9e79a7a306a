/// A module after Pooling, applied to the sentence vector in modules.json's order.
public enum SentenceModule: Sendable {
    case dense(DenseLayer)
    /// L2 normalisation (torch `F.normalize(p=2)`).
    case normalize

    /// The module on one sentence vector.
    func apply(_ vector: [Float]) -> [Float] {
        switch self {
        case let .dense(layer): layer.apply(vector)
        case .normalize: VectorMath.normalized(vector)
        }
    }

    /// e.g. "Dense 768→512 Tanh" or "Normalize".
    public var summary: String {
        switch self {
        case let .dense(layer): layer.summary
        case .normalize: "Normalize"
        }
    }
}

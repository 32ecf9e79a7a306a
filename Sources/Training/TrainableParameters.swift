/// Every trainable tensor of a sentence-transformers model: the encoder's, then each Dense
/// module's, in the order fit()'s `model.named_parameters()` lists them (the order AdamW,
/// gradient clipping and checkpoints walk them).
public final class TrainableParameters: @unchecked Sendable {
    public let encoder: EncoderParameters
    public let dense: [DenseParameters]
    public let all: [Parameter]

    public init(encoder: EncoderParameters, dense: [DenseParameters]) {
        self.encoder = encoder
        self.dense = dense
        all = encoder.all + dense.flatMap(\.parameters)
    }

    /// The parameter named `name`, if any.
    public func parameter(named name: String) -> Parameter? { all.first { $0.name == name } }

    public func zeroGradients() { for parameter in all { parameter.zeroGradient() } }

    /// Floats held by the parameters (values only).
    public var valueCount: Int { all.reduce(0) { $0 + $1.count } }
}

/// One trainable tensor: its values, its gradient (accumulated by the backward pass) and
/// whether AdamW decays it. Row-major, the shape PyTorch gives it.
///
/// `@unchecked Sendable`: a training step owns its parameters; nothing shares them across threads.
public final class Parameter: @unchecked Sendable {
    /// The transformers name, e.g. `encoder.layer.0.attention.self.query.weight`.
    public let name: String
    public let shape: [Int]
    public let count: Int
    public let values: UnsafeMutablePointer<Float>
    public let gradient: UnsafeMutablePointer<Float>

    /// `source` must hold exactly the product of `shape` values (callers pass checked tensors).
    public init(name: String, shape: [Int], values source: [Float]) {
        precondition(source.count == shape.reduce(1, *), "\(name): \(source.count) values for shape \(shape)")
        self.name = name
        self.shape = shape
        count = source.count
        values = .allocate(capacity: max(count, 1))
        gradient = .allocate(capacity: max(count, 1))
        values.initialize(repeating: 0, count: max(count, 1))
        source.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { values.update(from: base, count: count) }
        }
        gradient.initialize(repeating: 0, count: max(count, 1))
    }

    deinit {
        values.deallocate()
        gradient.deallocate()
    }

    /// sentence-transformers' fit() (and transformers' Trainer) decay every parameter but
    /// biases and LayerNorm weights: `no_decay = ["bias", "LayerNorm.bias", "LayerNorm.weight"]`,
    /// matched as substrings of the name.
    public var isDecayed: Bool {
        !["bias", "LayerNorm.bias", "LayerNorm.weight"].contains { name.contains($0) }
    }

    public var valueArray: [Float] { Array(UnsafeBufferPointer(start: values, count: count)) }
    public var gradientArray: [Float] { Array(UnsafeBufferPointer(start: gradient, count: count)) }

    public func zeroGradient() { gradient.update(repeating: 0, count: count) }
}

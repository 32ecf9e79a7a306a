import VectorArithmetic

/// What the second model (`explore --against B`) found for the input: its own neighbours in
/// its own corpus of the same items, and its vectors of the input and the pins, so the
/// matrix can show both models' cosines.
public struct SecondModelReport: Hashable, Sendable {
    /// Shown above its column, e.g. "all-mpnet-base-v2".
    public var modelName: String
    public var neighbours: [NeighbourItem]
    /// The input's vector under the second model (empty when it failed).
    public var inputVector: [Float]
    /// Each pin's vector under the second model, by pin id.
    public var pinVectors: [Int: [Float]]
    /// Why its neighbours or vectors are missing (e.g. its corpus is not indexed).
    public var error: String?

    public init(modelName: String, neighbours: [NeighbourItem] = [], inputVector: [Float] = [],
                pinVectors: [Int: [Float]] = [:], error: String? = nil) {
        self.modelName = modelName
        self.neighbours = neighbours
        self.inputVector = inputVector
        self.pinVectors = pinVectors
        self.error = error
    }

    /// The two neighbour lists side by side, items matched by id and text.
    public func comparison(with first: [NeighbourItem]) -> NeighbourComparison<NeighbourIdentity> {
        NeighbourComparison(a: first.map { (NeighbourIdentity($0), $0.score) },
                            b: neighbours.map { (NeighbourIdentity($0), $0.score) })
    }
}

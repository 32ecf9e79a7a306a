import VectorArithmetic

/// The corpus map's data: the corpus's leading principal components (of its centred
/// vectors), every item's coordinates on them, and what lets a new vector be placed on the
/// same axes. Computed once per corpus and model by the statistics library (and cached);
/// the explorer only projects the few live vectors (input, neighbours, pins) onto it.
public struct CorpusProjection: Hashable, Sendable {
    /// The corpus mean, `[dimension]`: vectors are centred on it before projecting.
    public let mean: [Float]
    /// Unit principal axes, `[components][dimension]`, strongest first (2 or 4).
    public let components: [[Float]]
    /// The fraction of the centred corpus's variance each component explains (0…1).
    public let explainedRatios: [Double]
    /// Every corpus item's coordinate on each component, `[components][items]`.
    public let coordinates: [[Float]]
    /// The extent of the items on each pair of components (found once: redraws only read it).
    public let bounds: [MapBounds]

    /// `nil` unless the shapes agree and there are at least two components: a map needs two axes.
    public init?(mean: [Float], components: [[Float]], explainedRatios: [Double], coordinates: [[Float]]) {
        guard components.count >= 2, components.count == explainedRatios.count,
              components.count == coordinates.count, !mean.isEmpty,
              components.allSatisfy({ $0.count == mean.count }),
              let items = coordinates.first?.count, coordinates.allSatisfy({ $0.count == items }) else { return nil }
        self.mean = mean
        self.components = components
        self.explainedRatios = explainedRatios.map { $0.isFinite ? min(1, max(0, $0)) : 0 }
        self.coordinates = coordinates
        var bounds: [MapBounds] = []
        for pair in 0..<(components.count / 2) {
            // No finite point at all: the map has nothing to show.
            guard let extent = MapBounds(xs: coordinates[2 * pair], ys: coordinates[2 * pair + 1]) else { return nil }
            bounds.append(extent)
        }
        self.bounds = bounds
    }

    public var itemCount: Int { coordinates.first?.count ?? 0 }

    /// Pairs of components the map can show: (PC1, PC2), then (PC3, PC4) when there are four.
    public var axisPairs: Int { components.count / 2 }

    /// `vector`'s coordinates on the axes of pair `pair` (0: PC1/PC2, 1: PC3/PC4); `nil` for
    /// a vector of another length or one that gives no finite point.
    public func project(_ vector: [Float], pair: Int) -> MapPoint? {
        guard vector.count == mean.count, pair >= 0, 2 * pair + 1 < components.count else { return nil }
        let x = Self.centredDot(vector, mean, components[2 * pair])
        let y = Self.centredDot(vector, mean, components[2 * pair + 1])
        guard x.isFinite, y.isFinite else { return nil }
        return MapPoint(x: Float(x), y: Float(y))
    }

    /// The corpus items' points on pair `pair`, in item order.
    public func points(pair: Int) -> (x: [Float], y: [Float]) {
        guard pair >= 0, 2 * pair + 1 < coordinates.count else { return ([], []) }
        return (coordinates[2 * pair], coordinates[2 * pair + 1])
    }

    /// The explained-variance ratios of pair `pair`'s two axes.
    public func ratios(pair: Int) -> (Double, Double) {
        guard pair >= 0, 2 * pair + 1 < explainedRatios.count else { return (0, 0) }
        return (explainedRatios[2 * pair], explainedRatios[2 * pair + 1])
    }

    /// `(v − mean) · axis`, accumulated in Double like every other dot product.
    private static func centredDot(_ vector: [Float], _ mean: [Float], _ axis: [Float]) -> Double {
        var sum = 0.0
        for index in vector.indices {
            sum += (Double(vector[index]) - Double(mean[index])) * Double(axis[index])
        }
        return sum
    }

    /// `vector` minus `mean`, renormalised (centring, "sphereizing"): the vectors centred
    /// scores compare. A vector equal to the mean has no direction and stays zero.
    public static func centred(_ vector: [Float], mean: [Float]) -> [Float] {
        guard vector.count == mean.count else { return vector }
        let difference = zip(vector, mean).map { $0 - $1 }
        let length = VectorMath.norm(difference)
        guard length > 0, length.isFinite else { return [Float](repeating: 0, count: vector.count) }
        return difference.map { Float(Double($0) / length) }
    }
}

/// A point on the map, in component units.
public struct MapPoint: Hashable, Sendable {
    public var x: Float
    public var y: Float

    public init(x: Float, y: Float) {
        self.x = x
        self.y = y
    }
}

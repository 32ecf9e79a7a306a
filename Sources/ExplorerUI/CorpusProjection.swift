/// The corpus map's data: every corpus item's coordinates on the leading principal
/// components of the centred corpus (or a seeded sample's, for a large corpus), how much
/// variance each explains, and the projection that places a new vector on the same axes.
/// Computed once per corpus and model by the statistics library (and cached); the explorer
/// only projects the few live vectors.
public struct CorpusProjection: Hashable, Sendable {
    /// What the projection describes (corpus and model): equal identities project alike.
    public let identity: String
    /// The fraction of the centred corpus's variance each component explains (0…1).
    public let explainedRatios: [Double]
    /// Every drawn item's coordinate on each component, `[components][items]`.
    public let coordinates: [[Float]]
    /// The corpus's item count when the points are a sample of its items; nil when every
    /// item is drawn.
    public let sampledFrom: Int?
    /// The extent of the items on each pair of components (found once: redraws only read it).
    public let bounds: [MapBounds]
    /// A vector's coordinates on the components (as many as `coordinates` has), `nil` for a
    /// vector the projection does not take (another model's length).
    private let projector: @Sendable ([Float]) -> [Double]?

    /// `nil` unless there are two or four components with finite points: a map needs two axes.
    public init?(identity: String, explainedRatios: [Double], coordinates: [[Float]], sampledFrom: Int? = nil,
                 project: @escaping @Sendable ([Float]) -> [Double]?) {
        guard coordinates.count >= 2, coordinates.count % 2 == 0,
              let items = coordinates.first?.count, items > 0, coordinates.allSatisfy({ $0.count == items }) else { return nil }
        var bounds: [MapBounds] = []
        for pair in 0..<(coordinates.count / 2) {
            guard let extent = MapBounds(xs: coordinates[2 * pair], ys: coordinates[2 * pair + 1]) else { return nil }
            bounds.append(extent)
        }
        self.identity = identity
        self.explainedRatios = (0..<coordinates.count).map { index in
            index < explainedRatios.count && explainedRatios[index].isFinite ? min(1, max(0, explainedRatios[index])) : 0
        }
        self.coordinates = coordinates
        self.sampledFrom = sampledFrom
        self.bounds = bounds
        projector = project
    }

    public var itemCount: Int { coordinates.first?.count ?? 0 }

    /// Pairs of components the map can show: (PC1, PC2), then (PC3, PC4) when there are four.
    public var axisPairs: Int { coordinates.count / 2 }

    /// `vector`'s point on the axes of pair `pair` (0: PC1/PC2, 1: PC3/PC4); `nil` when the
    /// projection does not take it or gives no finite point.
    public func project(_ vector: [Float], pair: Int) -> MapPoint? {
        guard pair >= 0, pair < axisPairs, let values = projector(vector), values.count > 2 * pair + 1 else { return nil }
        let x = Float(values[2 * pair]), y = Float(values[2 * pair + 1])
        guard x.isFinite, y.isFinite else { return nil }
        return MapPoint(x: x, y: y)
    }

    /// The corpus items' points on pair `pair`, in item order.
    public func points(pair: Int) -> (x: [Float], y: [Float]) {
        guard pair >= 0, pair < axisPairs else { return ([], []) }
        return (coordinates[2 * pair], coordinates[2 * pair + 1])
    }

    /// The explained-variance ratios of pair `pair`'s two axes.
    public func ratios(pair: Int) -> (Double, Double) {
        guard pair >= 0, pair < axisPairs else { return (0, 0) }
        return (explainedRatios[2 * pair], explainedRatios[2 * pair + 1])
    }

    public static func == (a: CorpusProjection, b: CorpusProjection) -> Bool {
        a.identity == b.identity && a.explainedRatios == b.explainedRatios && a.itemCount == b.itemCount
            && a.sampledFrom == b.sampledFrom
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(identity)
        hasher.combine(itemCount)
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

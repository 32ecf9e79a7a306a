/// Which part of the corpus map the pane shows: the pair of components, the zoom and the
/// centre. The centre is kept as fractions of the corpus's extent, so it means the same
/// place at every zoom and pane size.
public struct MapViewport: Hashable, Sendable {
    /// 0: PC1 × PC2; 1: PC3 × PC4.
    public var pair = 0
    /// Each step magnifies √2 times; 0 shows the whole corpus.
    public var zoom = 0
    /// The view's centre, 0…1 across the corpus's extent (0.5: the middle).
    public var centreX = 0.5
    public var centreY = 0.5

    public static let maximumZoom = 12

    public init() {}

    /// How many times the view is magnified.
    public var magnification: Double {
        var factor = 1.0
        for _ in 0..<(zoom / 2) { factor *= 2 }
        return zoom % 2 == 1 ? factor * 2.0.squareRoot() : factor
    }

    public mutating func zoom(by steps: Int) {
        zoom = max(0, min(Self.maximumZoom, zoom + steps))
    }

    /// Moves the centre by `dx`, `dy` quarters of the visible width and height (positive
    /// `dy` is up), never past the corpus's edge.
    public mutating func pan(dx: Int, dy: Int) {
        let step = 0.25 / magnification
        centreX = max(0, min(1, centreX + Double(dx) * step))
        centreY = max(0, min(1, centreY + Double(dy) * step))
    }
}

/// The rectangle of map coordinates the corpus's points span (padded a little, never of
/// zero size, so duplicates or a flat axis still draw).
public struct MapBounds: Hashable, Sendable {
    public var minX: Float
    public var maxX: Float
    public var minY: Float
    public var maxY: Float

    /// The bounds of the finite points among `xs`, `ys`; `nil` when there are none.
    public init?(xs: [Float], ys: [Float]) {
        var minX = Float.infinity, maxX = -Float.infinity, minY = Float.infinity, maxY = -Float.infinity
        for (x, y) in zip(xs, ys) where x.isFinite && y.isFinite {
            minX = min(minX, x); maxX = max(maxX, x)
            minY = min(minY, y); maxY = max(maxY, y)
        }
        guard minX <= maxX, minY <= maxY else { return nil }
        // A flat axis (every point equal on it) gets the other axis's span, or 1.
        let spread = max(maxX - minX, maxY - minY)
        let floor: Float = spread > 0 ? spread : 1
        let padX = max(maxX - minX, floor * 0.05) * 0.05 + (maxX > minX ? 0 : floor / 2)
        let padY = max(maxY - minY, floor * 0.05) * 0.05 + (maxY > minY ? 0 : floor / 2)
        self.minX = minX - padX
        self.maxX = maxX + padX
        self.minY = minY - padY
        self.maxY = maxY + padY
    }

    public var width: Float { maxX - minX }
    public var height: Float { maxY - minY }
}

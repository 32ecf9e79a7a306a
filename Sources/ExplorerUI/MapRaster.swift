import Foundation

/// The corpus map drawn into character cells: each cell is a 2 × 4 block of braille dots,
/// a dot set where at least one corpus point falls, and the cell's point count shades it.
/// One scale for both axes (square dots), so the picture keeps the corpus's true shape:
/// a corpus that fills one direction looks long and thin.
public struct MapRaster: Hashable, Sendable {
    public let columns: Int
    public let rows: Int
    /// Braille dot bits per cell (row-major), 0 for an empty cell.
    public let dots: [UInt8]
    /// Points per cell (row-major).
    public let counts: [Int32]
    public let maximumCount: Int32
    public let frame: MapFrame

    /// Rasterises the points `xs`, `ys` into `columns × rows` cells of `frame`.
    public init(xs: [Float], ys: [Float], frame: MapFrame) {
        let columns = frame.columns, rows = frame.rows
        var dots = [UInt8](repeating: 0, count: columns * rows)
        var counts = [Int32](repeating: 0, count: columns * rows)
        var maximum: Int32 = 0
        for (x, y) in zip(xs, ys) {
            guard let dot = frame.dot(x: x, y: y) else { continue }
            let index = (dot.y / 4) * columns + dot.x / 2
            dots[index] |= Self.bit(column: dot.x % 2, row: dot.y % 4)
            let count = counts[index] &+ 1
            counts[index] = count
            maximum = max(maximum, count)
        }
        self.columns = columns
        self.rows = rows
        self.dots = dots
        self.counts = counts
        maximumCount = maximum
        self.frame = frame
    }

    /// The braille character of cell (`column`, `row`): U+2800 plus its dot bits.
    public func character(column: Int, row: Int) -> Character? {
        guard column >= 0, row >= 0, column < columns, row < rows else { return nil }
        let bits = dots[row * columns + column]
        guard bits != 0, let scalar = Unicode.Scalar(0x2800 + UInt32(bits)) else { return nil }
        return Character(scalar)
    }

    /// How dense cell (`column`, `row`) is, as a heat level 1 … `HeatLevel.steps` on a log
    /// scale of its point count (0 for an empty cell), so a few points still show beside
    /// a dense cluster.
    public func level(column: Int, row: Int) -> Int8 {
        guard column >= 0, row >= 0, column < columns, row < rows else { return 0 }
        let count = counts[row * columns + column]
        guard count > 0, maximumCount > 0 else { return 0 }
        guard maximumCount > 1 else { return HeatLevel.steps / 2 }
        let fraction = log1p(Double(count)) / log1p(Double(maximumCount))
        return Int8(1 + (Double(HeatLevel.steps - 1) * fraction).rounded())
    }

    /// The bit of the dot at (`column` 0–1, `row` 0–3) in a braille cell (Unicode's dot
    /// numbering: 1 2 3 7 down the left column, 4 5 6 8 down the right).
    static func bit(column: Int, row: Int) -> UInt8 {
        switch (column, row) {
        case (0, 0): 0x01
        case (0, 1): 0x02
        case (0, 2): 0x04
        case (0, 3): 0x40
        case (1, 0): 0x08
        case (1, 1): 0x10
        case (1, 2): 0x20
        default: 0x80
        }
    }
}

/// Where map coordinates land in a pane of `columns × rows` cells (`2 columns × 4 rows` of
/// dots each) for a viewport: shared by the raster, the live marks and the picture writer.
public struct MapFrame: Hashable, Sendable {
    public let columns: Int
    public let rows: Int
    /// Map units per dot (the same on both axes).
    public let unitsPerDot: Double
    public let centreX: Double
    public let centreY: Double

    public init(bounds: MapBounds, viewport: MapViewport, columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        let dotsWide = Double(max(1, 2 * columns)), dotsHigh = Double(max(1, 4 * rows))
        let fit = max(Double(bounds.width) / dotsWide, Double(bounds.height) / dotsHigh)
        let units = fit / viewport.magnification
        unitsPerDot = units.isFinite && units > 0 ? units : 1
        centreX = Double(bounds.minX) + viewport.centreX * Double(bounds.width)
        centreY = Double(bounds.minY) + viewport.centreY * Double(bounds.height)
    }

    /// The dot (`x` 0 ..< 2·columns, `y` 0 ..< 4·rows, down) a point falls on, `nil` outside.
    public func dot(x: Float, y: Float) -> (x: Int, y: Int)? {
        guard x.isFinite, y.isFinite, columns > 0, rows > 0 else { return nil }
        let dx = ((Double(x) - centreX) / unitsPerDot + Double(columns)).rounded(.down)
        let dy = ((centreY - Double(y)) / unitsPerDot + Double(2 * rows)).rounded(.down)
        guard dx >= 0, dy >= 0, dx < Double(2 * columns), dy < Double(4 * rows) else { return nil }
        return (Int(dx), Int(dy))
    }

    /// The cell a point falls in, `nil` outside the view.
    public func cell(_ point: MapPoint) -> (column: Int, row: Int)? {
        dot(x: point.x, y: point.y).map { ($0.x / 2, $0.y / 4) }
    }

    /// Which way a point outside the view lies: "←", "↗", …; `nil` inside.
    public func direction(of point: MapPoint) -> String? {
        guard point.x.isFinite, point.y.isFinite, cell(point) == nil else { return nil }
        let dx = (Double(point.x) - centreX) / unitsPerDot, dy = (Double(point.y) - centreY) / unitsPerDot
        let horizontal = abs(dx) > Double(columns) ? (dx > 0 ? 1 : -1) : 0
        let vertical = abs(dy) > Double(2 * rows) ? (dy > 0 ? 1 : -1) : 0
        switch (horizontal, vertical) {
        case (1, 1): return "↗"
        case (1, -1): return "↘"
        case (-1, 1): return "↖"
        case (-1, -1): return "↙"
        case (1, _): return "→"
        case (-1, _): return "←"
        case (_, 1): return "↑"
        default: return "↓"
        }
    }
}

import ExplorerUI
import Testing

/// The map's projection of live vectors, its bounds and frame, and the braille raster.
@Suite struct CorpusMapRasterTests {
    private func bounds(_ xs: [Float], _ ys: [Float]) throws -> MapBounds {
        try #require(MapBounds(xs: xs, ys: ys))
    }

    @Test func projectionPicksThePairAndRefusesNaN() throws {
        let project: @Sendable ([Float]) -> [Double]? = { vector in
            guard vector.count == 2 else { return nil }
            return [Double(vector[0]), Double(vector[1]), 7, Double.nan]
        }
        let coordinates: [[Float]] = [[0, 1], [0, -1], [2, 3], [1, 1]]
        let made = CorpusProjection(identity: "test", explainedRatios: [0.5, 0.2, 0.1, 0.05], coordinates: coordinates,
                                    project: project)
        let projection = try #require(made)
        #expect(projection.project([3, 2], pair: 0) == MapPoint(x: 3, y: 2))
        #expect(projection.project([3, 2], pair: 1) == nil)  // NaN on the fourth axis
        #expect(projection.project([1, 2, 3], pair: 0) == nil)  // another model's length
        #expect(projection.project([3, 2], pair: 2) == nil)  // only two pairs of axes
        #expect(projection.ratios(pair: 1).0 == 0.1 && projection.ratios(pair: 1).1 == 0.05)
    }

    @Test func projectionsWithoutTwoAxesOrMismatchedShapesAreRefused() {
        let identity: @Sendable ([Float]) -> [Double]? = { $0.map(Double.init) }
        #expect(CorpusProjection(identity: "t", explainedRatios: [1], coordinates: [[0]], project: identity) == nil)
        #expect(CorpusProjection(identity: "t", explainedRatios: [0.5, 0.5], coordinates: [[0, 1], [0]], project: identity) == nil)
        #expect(CorpusProjection(identity: "t", explainedRatios: [0.5, 0.5], coordinates: [[.nan], [.nan]], project: identity) == nil)
        #expect(CorpusProjection(identity: "t", explainedRatios: [], coordinates: [[], []], project: identity) == nil)
    }

    /// Duplicates (every point equal) and a flat axis still give bounds of non-zero size.
    @Test func degenerateBoundsHaveRoom() throws {
        let same = try bounds([0.3, 0.3, 0.3], [0.3, 0.3, 0.3])
        #expect(same.width > 0 && same.height > 0)
        #expect(same.minX < 0.3 && same.maxX > 0.3)
        let flat = try bounds([0, 1, 2], [5, 5, 5])
        #expect(flat.height > 0 && flat.minY < 5 && flat.maxY > 5)
        #expect(MapBounds(xs: [.nan], ys: [1]) == nil)
    }

    @Test func brailleDotsFollowUnicodesNumbering() throws {
        // One cell, 2 × 4 dots (the padded extent is 2.2 × 4.4): each point lands on a known dot.
        let frame = MapFrame(bounds: try bounds([0, 2], [0, 4]), viewport: MapViewport(), columns: 1, rows: 1)
        let raster = MapRaster(xs: [0.01], ys: [3.99], frame: frame)  // top-left dot: dot 1
        #expect(raster.character(column: 0, row: 0) == "⠁")
        let corner = MapRaster(xs: [1.99], ys: [0.01], frame: frame)  // bottom-right: dot 8
        #expect(corner.character(column: 0, row: 0) == "⢀")
        let both = MapRaster(xs: [0.01, 1.99, 0.01], ys: [3.99, 0.01, 0.01], frame: frame)  // dots 1, 8, 7
        #expect(both.character(column: 0, row: 0) == "⣁")
        #expect(both.counts == [3])
    }

    @Test func pointsOutsideTheViewAndNaNAreSkipped() throws {
        let frame = MapFrame(bounds: try bounds([0, 10], [0, 10]), viewport: MapViewport(), columns: 10, rows: 5)
        let raster = MapRaster(xs: [5, 500, .nan, .infinity], ys: [5, 5, 5, 5], frame: frame)
        #expect(raster.counts.reduce(0, +) == 1)
        #expect(frame.cell(MapPoint(x: 500, y: 5)) == nil)
        #expect(frame.direction(of: MapPoint(x: 500, y: 5)) == "→")
        #expect(frame.direction(of: MapPoint(x: -500, y: 500)) == "↖")
        #expect(frame.direction(of: MapPoint(x: 5, y: 5)) == nil)
    }

    /// Both axes share one scale: a corpus twice as wide as high fills the width only.
    @Test func oneScaleForBothAxes() throws {
        let frame = MapFrame(bounds: try bounds([0, 20], [0, 10]), viewport: MapViewport(), columns: 40, rows: 40)
        // 80 × 160 dots; the width (≈22 units with padding) decides the scale.
        let left = try #require(frame.cell(MapPoint(x: 0, y: 5))), right = try #require(frame.cell(MapPoint(x: 20, y: 5)))
        let bottom = try #require(frame.cell(MapPoint(x: 10, y: 0))), top = try #require(frame.cell(MapPoint(x: 10, y: 10)))
        let across = Double(right.column - left.column) * 2, down = Double(bottom.row - top.row) * 4
        #expect(abs(across / down - 2) < 0.2)
    }

    @Test func zoomMagnifiesAroundTheCentreAndPanMovesIt() throws {
        var viewport = MapViewport()
        let extent = try bounds([0, 8], [0, 8])
        let whole = MapFrame(bounds: extent, viewport: viewport, columns: 8, rows: 4)
        viewport.zoom(by: 2)  // 2×
        #expect(viewport.magnification == 2)
        let zoomed = MapFrame(bounds: extent, viewport: viewport, columns: 8, rows: 4)
        #expect(abs(zoomed.unitsPerDot * 2 - whole.unitsPerDot) < 1e-9)
        #expect(zoomed.cell(MapPoint(x: 0.2, y: 4)) == nil)  // the left edge is out of view at 2×
        viewport.pan(dx: -4, dy: 0)
        let panned = MapFrame(bounds: extent, viewport: viewport, columns: 8, rows: 4)
        #expect(panned.cell(MapPoint(x: 0.2, y: 4)) != nil)
        viewport.zoom(by: 100)
        #expect(viewport.zoom == MapViewport.maximumZoom)
        viewport.pan(dx: -1_000, dy: 1_000)
        #expect(viewport.centreX == 0 && viewport.centreY == 1)
    }

    @Test func densityLevelsRiseWithTheCount() throws {
        let frame = MapFrame(bounds: try bounds([0, 4], [0, 4]), viewport: MapViewport(), columns: 2, rows: 1)
        let xs = [Float](repeating: 0.5, count: 50) + [3.5]
        let ys = [Float](repeating: 2, count: 50) + [2]
        let raster = MapRaster(xs: xs, ys: ys, frame: frame)
        #expect(raster.level(column: 0, row: 0) == HeatLevel.steps)
        let sparse = raster.level(column: 1, row: 0)
        #expect(sparse >= 1 && sparse < HeatLevel.steps)
        #expect(raster.level(column: 5, row: 5) == 0)
    }
}

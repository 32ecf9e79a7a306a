import ExplorerUI
import Testing

@Suite struct ScreenGridDrawingTests {
    @Test func putClipsAtTheGridEdge() {
        var grid = ScreenGrid(size: GridSize(columns: 5, rows: 1))
        let end = grid.put("abcdefgh", column: 2, row: 0)
        #expect(grid.text == "  abc")
        #expect(end == 5)
    }

    @Test func wideCharactersTakeTwoCellsAndAContinuation() throws {
        var grid = ScreenGrid(size: GridSize(columns: 6, rows: 1))
        grid.put("a日b", column: 0, row: 0)
        #expect(grid.text == "a日b")
        let lead = try #require(grid.cell(column: 1, row: 0))
        let continuation = try #require(grid.cell(column: 2, row: 0))
        #expect(lead.width == 2 && lead.character == "日")
        #expect(continuation.isContinuation)
        #expect(grid.cell(column: 3, row: 0)?.character == "b")
    }

    @Test func aWideCharacterThatWouldStraddleTheEdgeBecomesASpace() {
        var grid = ScreenGrid(size: GridSize(columns: 3, rows: 1))
        grid.put("ab日", column: 0, row: 0)
        #expect(grid.text == "ab")
        #expect(grid.cell(column: 2, row: 0)?.width == 1)
    }

    @Test func overwritingHalfAWideCharacterClearsTheOtherHalf() {
        var grid = ScreenGrid(size: GridSize(columns: 4, rows: 1))
        grid.put("日本", column: 0, row: 0)
        grid.put("x", column: 1, row: 0)  // the right half of 日
        #expect(grid.text == " x本")
        grid.put("y", column: 2, row: 0)  // the left half of 本
        #expect(grid.text == " xy")
        #expect(grid.cells.allSatisfy { !$0.isContinuation })
    }

    @Test func controlCharactersShowAsDots() {
        var grid = ScreenGrid(size: GridSize(columns: 4, rows: 1))
        grid.put("a\u{7}b", column: 0, row: 0)
        #expect(grid.text == "a·b")
    }

    @Test func clipRectangleLimitsDrawing() {
        var grid = ScreenGrid(size: GridSize(columns: 8, rows: 2))
        let clip = GridRect(column: 2, row: 0, width: 3, height: 1)
        grid.put("hello", column: 0, row: 0, clip: clip)
        grid.put("hello", column: 0, row: 1, clip: clip)
        #expect(grid.text == "  llo\n")
    }

    @Test func boxDrawsUnicodeBordersAndATitle() {
        var grid = ScreenGrid(size: GridSize(columns: 10, rows: 3))
        grid.box(grid.bounds, title: "Hi")
        #expect(grid.text == "┌ Hi ────┐\n│        │\n└────────┘")
    }

    @Test func drawingFarOutsideNeverTraps() {
        var grid = ScreenGrid(size: GridSize(columns: 2, rows: 2))
        grid.put("x", column: -5, row: -1)
        grid.put("x", column: 99, row: 1)
        grid.fill(GridRect(column: -3, row: -3, width: 100, height: 100), character: "#")
        grid.box(GridRect(column: 1, row: 1, width: 40, height: 40))
        #expect(grid.text == "##\n#┌")
    }

    @Test func displayWidthKnowsWideZeroAndNarrowCharacters() {
        #expect(DisplayWidth.of("a" as Character) == 1)
        #expect(DisplayWidth.of("é" as Character) == 1)
        #expect(DisplayWidth.of("日" as Character) == 2)
        #expect(DisplayWidth.of("🙂" as Character) == 2)
        #expect(DisplayWidth.of("e\u{301}" as Character) == 1)
        #expect(DisplayWidth.of("\u{301}" as Character) == 0)
        #expect(DisplayWidth.of("ｶﾞ") == 2)
        #expect(DisplayWidth.of("日本語 ok") == 9)
    }
}

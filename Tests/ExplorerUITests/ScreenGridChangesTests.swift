import ExplorerUI
import Testing

/// What the painter writes: the pure decision, checked cell by cell without a terminal.
@Suite struct ScreenGridChangesTests {
    private let size = GridSize(columns: 4, rows: 2)

    private func positions(_ changes: [CellChange]) -> [[Int]] {
        changes.map { [$0.column, $0.row] }
    }

    @Test func withoutAPreviousFrameEveryCellIsWrittenInRowOrder() {
        var grid = ScreenGrid(size: size)
        grid.put("ab", column: 0, row: 1)
        let changes = grid.changes(since: nil)
        #expect(positions(changes) == [[0, 0], [1, 0], [2, 0], [3, 0], [0, 1], [1, 1], [2, 1], [3, 1]])
        #expect(changes[4].cell.character == "a" && changes[5].cell.character == "b")
    }

    @Test func fromEmptyToFilledWritesEveryFilledCellAndNothingElse() {
        let empty = ScreenGrid(size: size)
        var filled = empty
        filled.put("wxyz", column: 0, row: 0)
        #expect(positions(filled.changes(since: empty)) == [[0, 0], [1, 0], [2, 0], [3, 0]])
        #expect(filled.changes(since: empty).map(\.cell.character) == ["w", "x", "y", "z"])
    }

    @Test func anIdenticalFrameWritesNothing() {
        var grid = ScreenGrid(size: size)
        grid.put("abcd", column: 0, row: 0)
        #expect(grid.changes(since: grid).isEmpty)
    }

    @Test func oneChangedCharacterOrStyleIsOneChange() {
        var before = ScreenGrid(size: size)
        before.put("abcd", column: 0, row: 0)
        var after = before
        after.put("X", column: 2, row: 0)
        #expect(positions(after.changes(since: before)) == [[2, 0]])
        var restyled = before
        restyled.restyle(GridRect(column: 1, row: 0, width: 1, height: 1), style: .selected)
        #expect(positions(restyled.changes(since: before)) == [[1, 0]])
    }

    @Test func aWideCharacterIsWrittenOnceAtItsLeftCell() {
        let before = ScreenGrid(size: size)
        var after = before
        after.put("日", column: 1, row: 0)
        let changes = after.changes(since: before)
        #expect(positions(changes) == [[1, 0]])
        #expect(changes.first?.cell.width == 2)
    }

    @Test func aWideCharacterOverwrittenByNarrowOnesAndBack() {
        var wide = ScreenGrid(size: size)
        wide.put("日", column: 0, row: 0)
        var narrow = wide
        narrow.put("ab", column: 0, row: 0)
        // Both columns: the old continuation is now a character of its own.
        #expect(positions(narrow.changes(since: wide)) == [[0, 0], [1, 0]])
        let back = wide.changes(since: narrow)
        #expect(positions(back) == [[0, 0]])
        #expect(back.first?.cell.character == "日")
    }

    @Test func aNarrowCharacterOverTheRightHalfOfAWideOneRewritesBothColumns() {
        var wide = ScreenGrid(size: size)
        wide.put("日", column: 0, row: 0)
        var cut = wide
        cut.put("x", column: 1, row: 0)  // the grid blanks the left half
        #expect(positions(cut.changes(since: wide)) == [[0, 0], [1, 0]])
        #expect(cut.text == " x\n")
    }

    @Test func aWideCharacterWhoseContinuationStyleChangedIsRewritten() {
        var before = ScreenGrid(size: size)
        before.put("日", column: 0, row: 0)
        var after = before
        after.restyle(GridRect(column: 1, row: 0, width: 1, height: 1), style: .selected)
        #expect(positions(after.changes(since: before)) == [[0, 0]])
    }

    @Test func aResizeRewritesEverything() {
        var before = ScreenGrid(size: size)
        before.put("abcd", column: 0, row: 0)
        var after = ScreenGrid(size: GridSize(columns: 3, rows: 2))
        after.put("abc", column: 0, row: 0)
        #expect(after.changes(since: before).count == 6)
    }

    @Test func anEmptyGridHasNoChanges() {
        let empty = ScreenGrid(size: GridSize(columns: 0, rows: 0))
        #expect(empty.changes(since: nil).isEmpty)
    }
}

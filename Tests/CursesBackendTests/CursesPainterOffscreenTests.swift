import CursesBackend
import ExplorerUI
import Testing

/// The real painter and curses, with /dev/null as the terminal: after each frame the curses
/// window must hold exactly the frame's characters, however the frames follow one another.
/// Serialized: curses has one current screen per process.
@Suite(.serialized) struct CursesPainterOffscreenTests {
    private let size = GridSize(columns: 12, rows: 3)

    private func frame(_ lines: [String]) -> RenderedFrame {
        var grid = ScreenGrid(size: size)
        for (row, line) in lines.enumerated() { grid.put(line, column: 0, row: row) }
        return RenderedFrame(grid: grid, cursorColumn: nil, cursorRow: nil)
    }

    @Test func successiveFramesLeaveTheWindowHoldingTheLastOne() throws {
        let screen = try OffscreenCursesScreen(size: size)
        defer { screen.close() }
        let palette = ThemePalette(theme: BuiltInThemes.all[0], depth: .palette256)
        let frames = [
            frame(["hello", "world"]),
            frame(["hello", "word"]),            // one cell changes, one clears
            frame(["日本語", "a日b"]),             // wide characters over narrow ones
            frame(["x本語", "ab"]),               // narrow over the left half of a wide one
            frame(["", "", "last row"]),
        ]
        for rendered in frames {
            screen.paint(rendered, palette: palette)
            #expect(screen.windowText() == rendered.grid.text)
        }
    }

    @Test func aFrameOfAnotherSizeRepaintsEverything() throws {
        let screen = try OffscreenCursesScreen(size: size)
        defer { screen.close() }
        screen.paint(frame(["abcdefghijkl", "abcdefghijkl", "abcdefghijkl"]), palette: ThemePalette(theme: BuiltInThemes.all[0], depth: .palette256))
        var smaller = ScreenGrid(size: GridSize(columns: 12, rows: 2))
        smaller.put("z", column: 0, row: 0)
        screen.paint(RenderedFrame(grid: smaller, cursorColumn: 1, cursorRow: 0), palette: ThemePalette(theme: BuiltInThemes.all[0], depth: .palette256))
        #expect(screen.windowText().hasPrefix("z\n"))
        #expect(!screen.windowText().contains("abc"))
    }
}

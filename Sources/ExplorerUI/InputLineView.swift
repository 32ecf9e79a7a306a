/// Draws the input line: a prompt, the text scrolled so the cursor stays visible, and a
/// hint while it is empty.
public enum InputLineView {
    static let prompt = "› "
    static let scrolledPrompt = "‹ "

    /// Draws into `rect` (one row); returns the terminal cursor position when focused.
    public static func draw(_ state: ExplorerState, in rect: GridRect, into grid: inout ScreenGrid)
        -> (column: Int, row: Int)? {
        guard !rect.isEmpty else { return nil }
        let focused = state.focus == .input && state.overlay == nil
        grid.fill(rect)
        let characters = state.editor.characters
        let promptWidth = DisplayWidth.of(prompt)
        let cursor = min(state.editor.cursor, characters.count)
        let first = firstVisible(characters, cursor: cursor, width: rect.width - promptWidth)
        // "‹" instead of "›" when the start of the text is scrolled out to the left.
        var x = grid.put(first > 0 ? scrolledPrompt : prompt, column: rect.column, row: rect.row,
                         style: focused ? .accent : .muted, clip: rect)
        let available = rect.maxColumn - x
        guard available > 0 else { return nil }
        if characters.isEmpty {
            let hint = "type a sentence · Enter pins it · Tab: panes · F1: help · Esc: quit"
            grid.put(Format.fit(hint, width: available), column: x, row: rect.row, style: .muted, clip: rect)
            return focused ? (x, rect.row) : nil
        }
        var cursorColumn = x
        var shown = first
        for index in first..<characters.count {
            if index == cursor { cursorColumn = x }
            if x + DisplayWidth.of(characters[index]) > rect.maxColumn { break }
            x = grid.put(String(characters[index]), column: x, row: rect.row, style: .plain, clip: rect)
            shown = index + 1
        }
        if cursor >= characters.count { cursorColumn = x }
        // Text cut on the right ends in "…", unless the cursor sits on that last cell.
        if shown < characters.count, cursorColumn != rect.maxColumn - 1 {
            grid.put("…", column: rect.maxColumn - 1, row: rect.row, style: .muted, clip: rect)
        }
        return focused ? (min(cursorColumn, rect.maxColumn - 1), rect.row) : nil
    }

    /// The first character to show so that the cursor fits in `width` columns.
    static func firstVisible(_ characters: [Character], cursor: Int, width: Int) -> Int {
        var used = 1  // room for the cursor itself
        var index = cursor
        while index > 0 {
            let w = DisplayWidth.of(characters[index - 1])
            if used + w > width { break }
            used += w
            index -= 1
        }
        return index
    }
}

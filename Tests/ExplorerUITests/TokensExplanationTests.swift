import ExplorerUI
import Testing

/// Item 14: the tokens pane explains exactly what is selected, after every move.
@Suite struct TokensExplanationTests {
    /// What the pane must say for the matrix cell under the cursor, worked out from the
    /// cell alone.
    private func expectedForCell(_ state: ExplorerState) -> String {
        let matrix = CosineMatrix(state: state)
        let row = min(state.matrixRow, matrix.count - 1), column = min(state.matrixColumn, matrix.count - 1)
        let a = matrix.entries[row], b = matrix.entries[column]
        if row == column { return "diagonal cos(\(a.label), \(b.label))" }
        if a.pinID != nil, b.pinID != nil { return "two pins cos(\(a.label), \(b.label))" }
        return "pin \(a.pinID == nil ? b.label : a.label)"
    }

    private func described(_ explanation: TokensExplanation?) -> String {
        switch explanation {
        case .shares(let selection)?: return selection.label
        case .unshaded(let reason)?:
            let pair = String(reason.prefix { $0 != ":" })
            if reason.contains("diagonal") { return "diagonal \(pair)" }
            if reason.contains("two pins") { return "two pins \(pair)" }
            return reason
        case nil: return "nothing"
        }
    }

    @Test func everyMatrixMoveIsExplained() throws {
        var state = try ExplorerFixtures.pinnedState()
        _ = ExplorerReducer.reduce(&state, .key(.tab))
        _ = ExplorerReducer.reduce(&state, .key(.tab))
        #expect(state.focus == .matrix)
        #expect(described(TokensExplanation(state: state)) == expectedForCell(state))
        let moves: [KeyEvent] = [.character("g"), .character("l"), .character("l"), .character("j"), .character("h"),
                                 .character("j"), .character("l"), .character("k"), .character("k"), .pageDown,
                                 .pageUp, .character("G"), .left, .up, .right, .down, .home, .end]
        var seen = Set<String>()
        for move in moves {
            _ = ExplorerReducer.reduce(&state, .key(move))
            let said = described(TokensExplanation(state: state))
            #expect(said == expectedForCell(state), "after \(move) at (\(state.matrixRow), \(state.matrixColumn))")
            seen.insert(said)
        }
        // The walk covered the diagonal, two-pin cells and input/pin cells.
        #expect(seen.contains("diagonal cos(▸, ▸)") && seen.contains("two pins cos(1, 2)") && seen.contains("pin 2"))
    }

    @Test func sharesAlwaysSumToTheCosineShown() throws {
        var state = try ExplorerFixtures.pinnedState()
        state.focus = .matrix
        var checked = 0
        for row in 0..<3 {
            for column in 0..<3 {
                _ = ExplorerReducer.reduce(&state, .key(.home))
                for _ in 0..<row { _ = ExplorerReducer.reduce(&state, .key(.down)) }
                for _ in 0..<column { _ = ExplorerReducer.reduce(&state, .key(.right)) }
                guard case .shares(let selection)? = TokensExplanation(state: state) else { continue }
                checked += 1
                #expect(abs(selection.shares.reduce(0, +) - selection.cosine) < 1e-5)
                let value = try #require(CosineMatrix(state: state).value(row: row, column: column))
                #expect(abs(value - selection.cosine) < 1e-5)
            }
        }
        // The input's row and column with each pin have shares: a walk that checked none
        // (every cell unshaded) must not pass silently.
        #expect(checked >= 2, "only \(checked) cells had shares to check")
    }

    @Test func focusDecidesWhichPaneIsExplained() throws {
        var state = try ExplorerFixtures.pinnedState()
        _ = ExplorerReducer.reduce(&state, .key(.tab))  // neighbours
        _ = ExplorerReducer.reduce(&state, .key(.character("j")))
        let neighbour = "neighbour \(state.neighbourSelection + 1)"
        #expect(described(TokensExplanation(state: state)) == neighbour)
        _ = ExplorerReducer.reduce(&state, .key(.tab))  // matrix
        #expect(described(TokensExplanation(state: state)) == expectedForCell(state))
        _ = ExplorerReducer.reduce(&state, .key(.tab))  // tokens: keeps the matrix cell
        #expect(described(TokensExplanation(state: state)) == expectedForCell(state))
        _ = ExplorerReducer.reduce(&state, .key(.backTab))
        _ = ExplorerReducer.reduce(&state, .key(.backTab))  // neighbours again
        #expect(described(TokensExplanation(state: state)) == neighbour)
    }

    @Test func clicksOnTheMatrixAreExplainedToo() throws {
        var state = try ExplorerFixtures.pinnedState()
        let layout = ExplorerLayout.compute(size: state.size, focus: state.focus)
        let matrix = try #require(layout.content(of: .matrix))
        let geometry = MatrixGeometry(content: matrix, count: 3, cursorRow: state.matrixRow, cursorColumn: state.matrixColumn)
        for (row, column) in [(0, 1), (2, 2), (2, 0)] {
            let x = try #require(geometry.screenColumn(of: column)), y = try #require(geometry.screenRow(of: row))
            _ = ExplorerReducer.reduce(&state, .key(.mouse(MouseEvent(kind: .press(button: 0), column: x + 1, row: y))))
            #expect(described(TokensExplanation(state: state)) == expectedForCell(state))
        }
    }

    @Test func aNewPinMovesTheCursorAndTheExplanationWithIt() throws {
        var state = try ExplorerFixtures.pinnedState()
        state.focus = .matrix
        _ = ExplorerReducer.reduce(&state, .key(.home))  // cos(1, 1)
        _ = ExplorerReducer.reduce(&state, .key(.character("i")))
        _ = ExplorerReducer.reduce(&state, .key(.enter))  // pins the input: cursor on cos(3, ▸)
        try ExplorerFixtures.type("pears", into: &state)
        #expect(described(TokensExplanation(state: state)) == expectedForCell(state))
        #expect(described(TokensExplanation(state: state)) == "pin 3")
    }

    @Test func aPinStillEncodingIsSaidNotReplacedByTheNeighbour() throws {
        var state = ExplorerFixtures.state()
        for character in "kiwi" { _ = ExplorerReducer.reduce(&state, .key(.character(character))) }
        _ = ExplorerReducer.reduce(&state, .key(.enter))  // no vector yet
        try ExplorerFixtures.type("melon", into: &state)
        state.focus = .matrix
        _ = ExplorerReducer.reduce(&state, .key(.right))  // cos(1, ▸)
        #expect(TokensExplanation(state: state) == .unshaded("cos(1, ▸): pin 1 is still encoding…"))
    }

    @Test func theTokensPaneHeaderShowsTheExplanation() throws {
        var state = try ExplorerFixtures.pinnedState()
        state.focus = .matrix
        _ = ExplorerReducer.reduce(&state, .key(.home))
        _ = ExplorerReducer.reduce(&state, .key(.right))  // cos(1, 2)
        var grid = ScreenGrid(size: GridSize(columns: 80, rows: 6))
        TokensView.draw(state, in: grid.bounds, into: &grid)
        #expect(grid.text.hasPrefix("cos(1, 2): two pins"))
    }
}

/// Where everything goes for a window size: the input line on top, the status line at the
/// bottom and the three panes between. Panes collapse as the window shrinks: two columns,
/// then a stack, then only the focused pane, then a "too small" hint.
public struct ExplorerLayout: Hashable, Sendable {
    public enum Arrangement: Hashable, Sendable {
        /// Neighbours on the left; matrix over tokens on the right.
        case columns
        /// Neighbours, matrix and tokens stacked.
        case stacked
        /// Only the focused pane (the window is too small for all three).
        case single
        /// Not even one pane fits.
        case tooSmall
    }

    public var arrangement: Arrangement
    public var input: GridRect
    public var status: GridRect
    /// The area between input and status.
    public var middle: GridRect
    /// Boxes of the visible panes (border included).
    public var panes: [Pane: GridRect]

    /// Smallest box that still shows a pane: 12 columns × 3 rows (one line inside).
    public static let minimumPane = GridSize(columns: 12, rows: 3)

    /// The layout for `state` (with the map when it is shown).
    public static func compute(_ state: ExplorerState) -> ExplorerLayout {
        compute(size: state.size, focus: state.focus, showsMap: state.showsMap)
    }

    /// `showsMap`: the corpus map takes the lower half of the neighbours' column (columns),
    /// a quarter of the stack (or the tokens' place when four do not fit), or is one of the
    /// panes shown alone.
    public static func compute(size: GridSize, focus: Pane, showsMap: Bool = false) -> ExplorerLayout {
        let all = GridRect(column: 0, row: 0, width: size.columns, height: size.rows)
        guard size.rows >= 3, size.columns >= 4 else {
            return ExplorerLayout(arrangement: .tooSmall, input: GridRect(column: 0, row: 0, width: 0, height: 0),
                                  status: GridRect(column: 0, row: 0, width: 0, height: 0),
                                  middle: all, panes: [:])
        }
        let (input, rest) = all.splitTop(1)
        let (middle, status) = rest.splitTop(rest.height - 1)
        var layout = ExplorerLayout(arrangement: .tooSmall, input: input, status: status,
                                    middle: middle, panes: [:])
        let minimum = minimumPane
        if middle.width >= 100, middle.height >= 2 * minimum.rows + 4 {
            let (left, right) = middle.splitLeft(middle.width * 11 / 20)
            let (top, bottom) = right.splitTop(right.height / 2)
            layout.arrangement = .columns
            layout.panes = [.neighbours: left, .matrix: top, .tokens: bottom]
            if showsMap {
                let (neighbours, map) = left.splitTop(left.height - left.height / 2)
                layout.panes[.neighbours] = neighbours
                layout.panes[.map] = map
            }
        } else if showsMap, middle.width >= minimum.columns, middle.height >= 4 * minimum.rows + 4 {
            let quarter = middle.height / 4
            let (neighbours, lower) = middle.splitTop(middle.height - 3 * quarter)
            let (map, rest) = lower.splitTop(quarter)
            let (matrix, tokens) = rest.splitTop(quarter)
            layout.arrangement = .stacked
            layout.panes = [.neighbours: neighbours, .map: map, .matrix: matrix, .tokens: tokens]
        } else if middle.width >= minimum.columns, middle.height >= 3 * minimum.rows + 3 {
            let third = middle.height / 3
            let (neighbours, lower) = middle.splitTop(middle.height - 2 * third)
            let (matrix, tokens) = lower.splitTop(third)
            layout.arrangement = .stacked
            layout.panes = [.neighbours: neighbours, .matrix: matrix, .tokens: tokens]
            // No room for a fourth pane: the map takes the tokens' place while shown.
            if showsMap { layout.panes[.tokens] = nil; layout.panes[.map] = tokens }
        } else if middle.width >= minimum.columns, middle.height >= minimum.rows {
            layout.arrangement = .single
            layout.panes = [shownAlone(focus): middle]
        }
        return layout
    }

    /// The pane shown in the `.single` arrangement.
    public static func shownAlone(_ focus: Pane) -> Pane {
        focus == .input ? .neighbours : focus
    }

    /// The inside of a pane's box (what its view draws in), if it is visible.
    public func content(of pane: Pane) -> GridRect? {
        if pane == .input { return input }
        return panes[pane].map { $0.inset(by: 1) }
    }
}

import CNcursesw
import ExplorerUI

/// Paints rendered frames with curses: it applies `ScreenGrid.changes(since:)`, which decides
/// what to write (everything after a resize or theme change). Colour pairs are allocated on demand.
final class CursesPainter {
    private let window: UnsafeMutablePointer<WINDOW>
    private var previous: ScreenGrid? = nil
    private var palette: ThemePalette? = nil
    private var styles: [CellStyle: (attributes: attr_t, pair: Int32)] = [:]
    private var pairs: [ColourPairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private var cursorVisible: Bool? = nil

    private struct ColourPairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    init(window: UnsafeMutablePointer<WINDOW>) {
        self.window = window
    }

    /// Forgets the last frame so the next paint redraws everything.
    func invalidate() {
        previous = nil
    }

    func paint(_ frame: RenderedFrame, palette newPalette: ThemePalette) {
        if newPalette != palette {
            palette = newPalette
            styles = [:]
            previous = nil
        }
        let grid = frame.grid
        let full = previous?.size != grid.size
        if full {
            werase(window)
            clearok(window, true)
        }
        for change in grid.changes(since: previous) {
            draw(change.cell, column: change.column, row: change.row)
        }
        previous = grid
        if let column = frame.cursorColumn, let row = frame.cursorRow {
            setCursor(visible: true)
            wmove(window, Int32(row), Int32(column))
        } else {
            setCursor(visible: false)
        }
        wrefresh(window)
    }

    private func setCursor(visible: Bool) {
        guard cursorVisible != visible else { return }
        cursorVisible = visible
        curs_set(visible ? 1 : 0)
    }

    private func draw(_ cell: Cell, column: Int, row: Int) {
        let (attributes, pair) = resolved(cell.style)
        // At most CCHARW_MAX - 1 scalars (a base and its marks) plus the terminating zero.
        var characters: [wchar_t] = cell.character.unicodeScalars.prefix(Int(semblance_ccharw_max()) - 1)
            .map { wchar_t(bitPattern: $0.value) }
        characters.append(0)
        var value = cchar_t()
        var extendedPair = pair
        let made = characters.withUnsafeBufferPointer { buffer in
            setcchar(&value, buffer.baseAddress, attributes, 0, &extendedPair)
        }
        guard made == OK else { return }
        // The bottom-right cell reports ERR after drawing (the cursor cannot advance): harmless.
        _ = mvwadd_wch(window, Int32(row), Int32(column), &value)
    }

    private func resolved(_ style: CellStyle) -> (attr_t, Int32) {
        if let known = styles[style] { return known }
        guard let palette else { return (semblance_a_normal(), 0) }
        let resolved = palette.resolve(style)
        var attributes = semblance_a_normal()
        if resolved.attributes.contains(.bold) { attributes |= semblance_a_bold() }
        if resolved.attributes.contains(.dim) { attributes |= semblance_a_dim() }
        if resolved.attributes.contains(.underline) { attributes |= semblance_a_underline() }
        if resolved.attributes.contains(.reverse) { attributes |= semblance_a_reverse() }
        let pair = pairNumber(foreground: number(resolved.foreground), background: number(resolved.background))
        styles[style] = (attributes, pair)
        return (attributes, pair)
    }

    /// A curses colour number: -1 is the terminal default; direct colours are 0xRRGGBB.
    private func number(_ colour: TerminalColour) -> Int32 {
        switch colour {
        case .terminalDefault: -1
        case .index(let index): Int32(index) < semblance_colors() ? Int32(index) : -1
        case let .rgb(r, g, b): Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        }
    }

    private func pairNumber(foreground: Int32, background: Int32) -> Int32 {
        if foreground == -1 && background == -1 { return 0 }
        let key = ColourPairKey(foreground: foreground, background: background)
        if let known = pairs[key] { return known }
        guard nextPair < semblance_color_pairs(), init_extended_pair(nextPair, foreground, background) == OK else {
            return 0  // out of pairs: plain text is better than a crash
        }
        pairs[key] = nextPair
        nextPair += 1
        return pairs[key] ?? 0
    }
}

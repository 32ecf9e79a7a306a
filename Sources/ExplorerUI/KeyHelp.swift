/// Every key the explorer understands, grouped by where it works: the help overlay draws
/// this list and the README's key table is written from it.
public enum KeyHelp {
    public struct Entry: Hashable, Sendable {
        public var keys: String
        public var action: String
    }

    public struct Section: Hashable, Sendable {
        public var title: String
        public var entries: [Entry]
    }

    public static let sections: [Section] = [
        Section(title: "Anywhere", entries: [
            Entry(keys: "Tab / Shift-Tab", action: "next / previous pane"),
            Entry(keys: "F1, ? (outside input)", action: "this help"),
            Entry(keys: "Esc", action: "close the overlay, else quit"),
            Entry(keys: "q (outside input), Ctrl-C", action: "quit (pins and history are kept)"),
            Entry(keys: "Ctrl-Z", action: "suspend (fg resumes)"),
            Entry(keys: "D D (outside input)", action: "unpin all, forget the history"),
            Entry(keys: "Ctrl-T, t (outside input)", action: "next theme"),
            Entry(keys: "c (outside input)", action: "switch corpus"),
            Entry(keys: "v / w (outside input)", action: "token values / wordpieces"),
            Entry(keys: "F2, m (outside input)", action: "show / hide the corpus map"),
            Entry(keys: "F3, C (outside input)", action: "centring on / off: scores after subtracting the corpus mean"),
            Entry(keys: "F4, x (outside input)", action: "what the numbers on screen mean (also x in this help)"),
            Entry(keys: "e (outside input)", action: "export the view (CSV and JSON)"),
            Entry(keys: "i or /", action: "back to the input"),
            Entry(keys: "mouse click / wheel", action: "select row or cell / scroll"),
        ]),
        Section(title: "Input", entries: [
            Entry(keys: "typing, paste", action: "edit; every pane updates live"),
            Entry(keys: "← → Ctrl-B Ctrl-F", action: "move the cursor"),
            Entry(keys: "Home End Ctrl-A Ctrl-E", action: "start / end of line"),
            Entry(keys: "Alt-B Alt-F", action: "word left / right"),
            Entry(keys: "Backspace, Delete Ctrl-D", action: "delete before / under cursor"),
            Entry(keys: "Ctrl-U / Ctrl-K", action: "delete to start / to end"),
            Entry(keys: "Ctrl-W", action: "delete the word before"),
            Entry(keys: "↑ ↓", action: "history"),
            Entry(keys: "Enter", action: "pin the input to the matrix"),
            Entry(keys: "PgUp PgDn", action: "move in the neighbours"),
        ]),
        Section(title: "Neighbours", entries: [
            Entry(keys: "j k ↓ ↑", action: "select (tokens compare with it)"),
            Entry(keys: "PgUp PgDn, g G", action: "page, first / last"),
            Entry(keys: "Enter", action: "open the full text"),
            Entry(keys: "p", action: "pin the selected item"),
        ]),
        Section(title: "Matrix", entries: [
            Entry(keys: "h j k l, arrows", action: "move the cell"),
            Entry(keys: "Enter", action: "both sentences in full"),
            Entry(keys: "d, Delete", action: "unpin the row's sentence"),
        ]),
        Section(title: "Tokens", entries: [
            Entry(keys: "j k ↓ ↑", action: "scroll"),
            Entry(keys: "v", action: "show / hide share values"),
            Entry(keys: "w", action: "words / wordpieces"),
        ]),
        Section(title: "Map", entries: [
            Entry(keys: "h j k l, arrows", action: "pan"),
            Entry(keys: "+ / -, wheel", action: "zoom in / out"),
            Entry(keys: "0, Home", action: "whole corpus again"),
            Entry(keys: "n", action: "next components (PC1/2, PC3/4)"),
            Entry(keys: "Enter, p", action: "the selected neighbour: full text, pin"),
        ]),
        Section(title: "Teaching (outside input)", entries: [
            Entry(keys: "L, F5", action: "MNRL view: pins 1↔2, 3↔4… as (anchor, positive), their training loss"),
            Entry(keys: "s / r (in the MNRL view)", action: "swap anchor and positive / re-pair"),
            Entry(keys: "Y, F6", action: "layers view: the selected cell's cosine after each layer"),
            Entry(keys: "[ / ] (in the layers view)", action: "token shares one layer shallower / deeper (▸ marks it)"),
            Entry(keys: "S, F7", action: "step-through: the input through the pipeline, one step per screen"),
            Entry(keys: "→ ← (step-through)", action: "next / previous step; Esc leaves"),
            Entry(keys: "T", action: "train a copy of the model on the pinned pairs (8 MNRL steps; T again cancels)"),
            Entry(keys: "W", action: "write the trained copy to the export directory"),
        ]),
        Section(title: "Overlays", entries: [
            Entry(keys: "j k PgUp PgDn", action: "scroll or select"),
            Entry(keys: "Enter", action: "open (corpus list) / close"),
            Entry(keys: "Esc, q", action: "close"),
        ]),
    ]

    /// The help as lines of text, `keys` padded to one column, at most `width` columns wide:
    /// an action too long for its line wraps under the action column, and when even that
    /// column is too narrow each entry takes two lines (keys, then the action indented), so
    /// nothing is cut in a narrow window.
    public static func lines(keyWidth: Int = 28, width: Int = .max) -> [String] {
        let width = max(8, width)
        let actionColumn = 2 + keyWidth
        let sideBySide = width - actionColumn >= 12
        var lines: [String] = []
        for (index, section) in sections.enumerated() {
            if index > 0 { lines.append("") }
            lines.append(contentsOf: Format.wrap(section.title, width: width))
            for entry in section.entries {
                if sideBySide && DisplayWidth.of(entry.keys) < keyWidth {
                    let padding = String(repeating: " ", count: keyWidth - DisplayWidth.of(entry.keys))
                    let indent = String(repeating: " ", count: actionColumn)
                    for (offset, part) in Format.wrap(entry.action, width: width - actionColumn).enumerated() {
                        lines.append(offset == 0 ? "  " + entry.keys + padding + part : indent + part)
                    }
                } else {
                    lines.append(contentsOf: Format.wrap(entry.keys, width: width - 2).map { "  " + $0 })
                    lines.append(contentsOf: Format.wrap(entry.action, width: width - 4).map { "    " + $0 })
                }
            }
        }
        return lines
    }
}

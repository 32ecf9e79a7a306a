import Teaching

/// Draws the MNRL view: pins paired as (anchor, positive), the scaled score matrix with each
/// row's softmax as heat, p(right positive), each row's loss, the hardest in-batch negative
/// and the batch mean — the objective all-MiniLM-L6-v2 was trained with, on the user's pins.
public enum MNRLView {
    static let cellWidth = 7

    public static func draw(_ state: ExplorerState, in content: GridRect, into grid: inout ScreenGrid) {
        guard !content.isEmpty else { return }
        let pane = MNRLPane(state: state)
        var lines: [[(String, CellStyle)]] = []
        func line(_ text: String, _ style: CellStyle = .plain) { lines.append([(text, style)]) }
        let scale = MultipleNegativesRankingLoss.defaultScale
        if pane.pairs.isEmpty {
            let waiting = pane.waitingLabel.map { "Pin \($0) waits for its pair (pin another sentence). " } ?? ""
            for text in Format.wrap(waiting + "Pin sentences in pairs: 1↔2, 3↔4, … are (anchor, positive); every other positive is a negative. s swaps anchor and positive, r re-pairs.", width: content.width) {
                line(text, .muted)
            }
            flush(lines, in: content, into: &grid)
            return
        }
        let header: String
        if let batch = pane.batch {
            header = batch.isTrivial
                ? "1 pair · loss 0: trivial (no negatives)"
                : "\(pane.pairs.count) pairs · \(pane.similarityName) × \(Int(scale)) · mean loss \(fixed(batch.loss, 3))"
        } else {
            header = "\(pane.pairs.count) pair\(pane.pairs.count == 1 ? "" : "s") · encoding…"
        }
        line(header, .accent)
        // Column headers: the positives.
        let labelWidth = 7
        var top: [(String, CellStyle)] = [(padRight("a→p", labelWidth), .muted)]
        for pair in pane.pairs { top.append((padLeft("+" + pair.positiveLabel, cellWidth - 1) + " ", .muted)) }
        top.append(("  p(+)   loss  hard", .muted))
        lines.append(top)
        for (index, pair) in pane.pairs.enumerated() {
            var row: [(String, CellStyle)] = [(padRight("\(pair.anchorLabel)→\(pair.positiveLabel)", labelWidth), .plain)]
            guard let batch = pane.batch, index < batch.rows.count else {
                row.append(("…", .muted))
                lines.append(row)
                continue
            }
            let mnrl = batch.rows[index]
            for (column, score) in mnrl.scaledScores.enumerated() {
                // Heat is the softmax probability: where the row's mass went.
                var style = CellStyle.heat(HeatLevel.level(Float(mnrl.probabilities[column])))
                if column == index { style = style.adding(.bold) }
                if column == mnrl.hardestNegative { style = style.adding(.underline) }
                row.append((padLeft(fixed(score, 1), cellWidth - 1) + " ", style))
            }
            let hardest = mnrl.hardestNegative.map { "+" + pane.pairs[$0].positiveLabel } ?? "—"
            row.append(("  " + fixed(mnrl.pPositive, 2) + " " + padLeft(fixed(mnrl.loss, 2), 6) + " " + padLeft(hardest, 5), .plain))
            lines.append(row)
        }
        if let waiting = pane.waitingLabel { line("pin \(waiting) waits for its pair", .muted) }
        line("heat: softmax · bold: right · underline: hardest", .muted)
        line("s swap · r re-pair (shift \(pane.pairing.shift))\(pane.pairing.swapped ? " · swapped" : "")", .muted)
        flush(lines, in: content, into: &grid)
    }

    private static func flush(_ lines: [[(String, CellStyle)]], in content: GridRect, into grid: inout ScreenGrid) {
        for (offset, parts) in lines.prefix(content.height).enumerated() {
            var column = content.column
            for (text, style) in parts {
                grid.put(text, column: column, row: content.row + offset, style: style, clip: content)
                column += DisplayWidth.of(text)
            }
        }
    }

    /// `value` with `digits` decimals (0…4), without Foundation: "12.3", "-0.05", "0.00".
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return value.isNaN ? "nan" : (value > 0 ? "big" : "-big") }
        let places = min(4, max(0, digits))
        let factor = [1, 10, 100, 1000, 10000][places]
        let scaled = Int((value * Double(factor)).rounded())
        let magnitude = abs(scaled)
        let fraction = String(magnitude % factor)
        let text = places == 0 ? "\(magnitude)"
            : "\(magnitude / factor)." + String(repeating: "0", count: places - fraction.count) + fraction
        return scaled < 0 ? "-" + text : text
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - DisplayWidth.of(text))) + text
    }

    static func padRight(_ text: String, _ width: Int) -> String {
        let fitted = Format.fit(text, width: width)
        return fitted + String(repeating: " ", count: max(0, width - DisplayWidth.of(fitted)))
    }
}

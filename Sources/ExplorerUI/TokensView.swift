/// Draws the tokens pane: the input's words (or wordpieces) on backgrounds shaded by their
/// share of the cosine with the selected neighbour or pinned sentence.
public enum TokensView {
    public static func draw(_ state: ExplorerState, in content: GridRect, into grid: inout ScreenGrid) {
        guard !content.isEmpty else { return }
        guard let analysis = state.analysis else {
            let hint = "The input's tokens appear here, shaded by how much each adds to the cosine."
            for (offset, line) in Format.wrap(hint, width: content.width).prefix(content.height).enumerated() {
                grid.put(line, column: content.column, row: content.row + offset, style: .muted, clip: content)
            }
            return
        }
        let explanation = TokensExplanation(state: state)
        let selection = shareSelection(explanation)
        let chips = shownChips(analysis, state: state, explanation: explanation)
        let scale = chips.compactMap { $0.share.map(abs) }.max() ?? 0

        var header: String
        switch explanation {
        case .shares(let selection)?:
            // A pin's number is always its cosine; a neighbour's is the model's score.
            let label = selection.label.hasPrefix("pin") || state.report?.isCentred == true ? "cos" : state.similarityLabel
            header = "vs \(selection.label) (\(label) \(Format.score(selection.cosine).trimmingLeadingSpace)): \(selection.text)"
        case .unshaded(let reason)?:
            header = reason
        case nil:
            header = "nothing to compare with yet: tokens unshaded"
        }
        let body = bodyRect(content)
        let footerRows = content.height - 1 - body.height
        let lines = layoutChips(chips, showsValues: state.showsShareValues, width: body.width)
        let first = max(0, min(state.tokensScroll, lines.count - body.height))
        // Lines scrolled out of view are counted, above and below, so nothing hides silently.
        let hidden = (above: first, below: max(0, lines.count - first - max(0, body.height)))
        var marker = ""
        if hidden.above > 0 || hidden.below > 0 {
            marker = "lines \(first + 1)–\(min(lines.count, first + max(0, body.height)))/\(lines.count)"
            if hidden.above > 0 { marker += " ▲" }
            if hidden.below > 0 { marker += " ▼" }
        }
        if !marker.isEmpty, footerRows == 0 {
            // No footer: the marker takes the end of the header.
            let room = content.width - DisplayWidth.of(marker) - 1
            header = room >= 8 ? Format.fit(header, width: room) + " " + marker : marker
        }
        grid.put(Format.fit(header, width: content.width), column: content.column, row: content.row,
                 style: .muted, clip: content)
        for (offset, line) in lines.dropFirst(first).prefix(body.height).enumerated() {
            var x = body.column
            for chip in line {
                let style = chipStyle(chip, scale: scale)
                x = grid.put(chip.label, column: x, row: body.row + offset, style: style, clip: body)
                x += 1
            }
        }
        if footerRows == 1 {
            let truncated = analysis.tokens.filter(\.isTruncated).count
            var footer = marker
            if let selection {
                footer += (footer.isEmpty ? "" : " · ") + "Σ shares = \(Format.score(selection.shares.reduce(0, +)).trimmingLeadingSpace)"
                // Say what the shares are when they are not shares of the number in the header.
                if let note = state.shareNote { footer += " (\(note))" }
            }
            if truncated > 0 { footer += (footer.isEmpty ? "" : " · ") + "\(truncated) tokens past max length (dim)" }
            footer += (footer.isEmpty ? "" : " · ") + "v values · w " + (state.showsWordpieces ? "words" : "wordpieces")
            grid.put(Format.fit(footer, width: content.width), column: content.column,
                     row: content.maxRow - 1, style: .muted, clip: content)
        }
    }

    /// The chips exactly as `draw` shows them: with the shares of what is selected, which
    /// widen their labels when values are shown. `maximumScroll` lays out these same chips
    /// (it once laid them out without shares, so the last lines could not be reached).
    static func shownChips(_ analysis: SentenceAnalysis, state: ExplorerState,
                           explanation: TokensExplanation?) -> [TokenChip] {
        chips(analysis, state: state, shares: shareSelection(explanation)?.shares)
    }

    private static func shareSelection(_ explanation: TokensExplanation?) -> ShareSelection? {
        if case .shares(let selection)? = explanation { selection } else { nil }
    }

    /// The chips for the words or wordpieces of the input.
    static func chips(_ analysis: SentenceAnalysis, state: ExplorerState, shares: [Float]?) -> [TokenChip] {
        state.showsWordpieces ? TokenChips.wordpieces(analysis, shares: shares) : TokenChips.words(analysis, shares: shares)
    }

    /// The rows between the header and the footer (a footer only when there are 4 rows).
    static func bodyRect(_ content: GridRect) -> GridRect {
        let footerRows = content.height >= 4 ? 1 : 0
        return GridRect(column: content.column, row: content.row + 1, width: content.width,
                        height: max(0, content.height - 1 - footerRows))
    }

    /// The largest useful scroll offset in the current layout, so scrolling stops at the
    /// last line (and one key brings the first back).
    public static func maximumScroll(_ state: ExplorerState) -> Int {
        let layout = ExplorerLayout.compute(state)
        guard let analysis = state.analysis, let content = layout.content(of: .tokens) else { return 0 }
        let body = bodyRect(content)
        let chips = shownChips(analysis, state: state, explanation: TokensExplanation(state: state))
        let lines = layoutChips(chips, showsValues: state.showsShareValues, width: body.width)
        return max(0, lines.count - body.height)
    }

    struct PlacedChip {
        var label: String
        var chip: TokenChip
    }

    /// Flows chips into lines of at most `width` columns (a chip wider than a line is cut).
    static func layoutChips(_ chips: [TokenChip], showsValues: Bool, width: Int) -> [[PlacedChip]] {
        guard width > 0 else { return [] }
        var lines: [[PlacedChip]] = [[]]
        var used = 0
        var marked = false
        var withMarker: [TokenChip] = []
        for chip in chips {
            if chip.isTruncated, !marked {
                // A visible cut mark, so truncation shows even without colours or dimming.
                withMarker.append(TokenChip(text: "✂", share: nil, isSpecial: true, isTruncated: true))
                marked = true
            }
            withMarker.append(chip)
        }
        for chip in withMarker {
            var label = chip.text
            if showsValues, let share = chip.share { label += " " + Format.signed(share) }
            label = Format.fit(label, width: width)
            let labelWidth = DisplayWidth.of(label)
            if used > 0, used + labelWidth > width {
                lines.append([])
                used = 0
            }
            lines[lines.count - 1].append(PlacedChip(label: label, chip: chip))
            used += labelWidth + 1
        }
        return lines
    }

    private static func chipStyle(_ placed: PlacedChip, scale: Float) -> CellStyle {
        let chip = placed.chip
        if chip.isTruncated { return CellStyle(foreground: .muted, attributes: .dim) }
        guard let share = chip.share else {
            return chip.isSpecial ? .muted : .plain
        }
        var style = CellStyle.heat(HeatLevel.level(share, scale: scale))
        if chip.isSpecial { style.foreground = .muted }
        return style
    }
}

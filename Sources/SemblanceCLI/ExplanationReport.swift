import Embedding
import Foundation
import TextOutput

/// The terminal form of an explanation: both sentences shaded word by word, then tables.
struct ExplanationReport {
    let explanation: SimilarityExplanation
    let byWord: Bool
    let ablation: [WordAblation.Result]?
    let shaded: Bool

    func render(withPairs: Bool) -> String {
        let e = explanation
        var context = "\(e.pooling.name) pooling"
        if !e.a.prompt.text.isEmpty { context += ", prompt \(TerminalText.visible(e.a.prompt.description))" }
        var lines = [String(format: "%@ %.4f  (%@)", e.similarity.name, e.score, context)]
        if let reason = e.inexactReason {
            // Never a column that claims to sum to the score and does not: say what it sums to.
            lines.append(String(format: "no exact split: %@ (%.4f)", reason, e.sharesTotal))
        }
        if let note = e.poolingNote { lines.append(note) }
        // One scale for both sentences, so equal shades mean equal shares.
        let scale = max(1e-12, (e.a.wordShares + e.b.wordShares).map(abs).max() ?? 0)
        lines.append("")
        lines.append("A  " + shadedSentence(e.a, scale: scale))
        lines.append("B  " + shadedSentence(e.b, scale: scale))
        for (label, side) in [("A → B", e.a), ("B → A", e.b)] {
            lines.append("")
            lines += table(label, side, withAblation: label == "A → B" ? ablation : nil)
        }
        if withPairs { lines += [""] + pairTable() }
        return lines.joined(separator: "\n")
    }

    private func shadedSentence(_ side: SimilarityExplanation.Side, scale: Double) -> String {
        side.words.indices.map { i in
            let word = TerminalText.visible(side.words[i].text)
            return shaded ? TerminalStyle.heat(side.wordShares[i] / scale) + word + TerminalStyle.reset : word
        }.joined(separator: " ")
    }

    private func table(_ label: String, _ side: SimilarityExplanation.Side, withAblation: [WordAblation.Result]?) -> [String] {
        let rows: [(String, Double, Double?)] = byWord
            ? side.words.indices.map { i in
                (TerminalText.visible(side.words[i].text), side.wordShares[i],
                 side.words[i].tokenRange.reduce(0) { $0 + side.selfShares[$1] }) }
            : side.tokens.indices.map { (TerminalText.visible(side.tokens[$0].text), side.shares[$0], side.selfShares[$0]) }
        let deltas = Dictionary((withAblation ?? []).map { ($0.word.start, $0.delta) }, uniquingKeysWith: { a, _ in a })
        let width = min(24, max(8, rows.map { $0.0.count }.max() ?? 8))
        var header = label.padding(toLength: width, withPad: " ", startingAt: 0) + "     share      self"
        if withAblation != nil && byWord { header += "  " + "Δ\(explanation.similarity.name.prefix(3))".leftPadded(8) }
        var lines = [header]
        for (index, row) in rows.enumerated() {
            var line = clip(row.0, width).padding(toLength: width, withPad: " ", startingAt: 0)
                + String(format: " %+9.4f %9.4f", row.1, row.2 ?? 0)
            if withAblation != nil && byWord {
                let word = side.words[index]
                line += word.isSpecial ? "         —" : deltas[word.start].map { String(format: " %+9.4f", $0) } ?? ""
            }
            lines.append(line)
        }
        let total = rows.reduce(0) { $0 + $1.1 }
        lines.append("sum".padding(toLength: width, withPad: " ", startingAt: 0) + String(format: " %+9.4f", total))
        if !explanation.isExact { lines.append("(the sum is the \(explanation.sharedQuantity), not the score)") }
        if !side.truncatedTokens.isEmpty {
            lines.append("(\(side.truncatedTokens.count) wordpieces past max_seq_length took no part)")
        }
        return lines
    }

    private func pairTable() -> [String] {
        let e = explanation
        let scale = max(1e-12, e.pairs.flatMap { $0 }.map(abs).max() ?? 0)
        let width = 10
        let total = e.isExact ? "the \(e.sharedQuantity)" : "the \(e.sharedQuantity), not the score"
        var lines = ["token pairs (rows A, columns B; the cells sum to \(total))"]
        lines.append(String(repeating: " ", count: width) + e.b.tokens.map { clip(TerminalText.visible($0.text), 7).leftPadded(8) }.joined())
        for (i, row) in e.pairs.enumerated() {
            let cells = row.map { value -> String in
                let cell = String(format: "%+.3f", value).leftPadded(8)
                return shaded ? TerminalStyle.heat(value / scale) + cell + TerminalStyle.reset : cell
            }
            lines.append(clip(TerminalText.visible(e.a.tokens[i].text), width - 1).padding(toLength: width, withPad: " ", startingAt: 0) + cells.joined())
        }
        return lines
    }

    private func clip(_ text: String, _ width: Int) -> String {
        text.count > width ? String(text.prefix(width - 1)) + "…" : text
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - count)) + self
    }
}

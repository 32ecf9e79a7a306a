import Corpora
import Foundation
import SpaceAnalysis
import StrictJSON
import TextOutput

/// `inspect`'s output: the figures of a `CorpusInspection` as JSON, or as a table that says
/// in one plain sentence what each figure means.
struct InspectionReport {
    let inspection: CorpusInspection
    let model: String

    private var space: CorpusSpace { inspection.space }
    private var scoreName: String { space.scoring == .cosine ? "cosine" : "\(space.scoring.rawValue) score" }

    // MARK: JSON

    func json() -> String {
        let scores = space.scores
        return JSONText.object([
            ("corpus", JSONText.string(inspection.corpus.record.name)),
            ("model", JSONText.string(model)),
            ("similarity_fn_name", JSONText.string(space.scoring.rawValue)),
            ("items", String(space.items)),
            ("dimension", String(space.dimension)),
            ("pairs", JSONText.object([
                ("scored", String(scores.pairs)), ("total", String(scores.totalPairs)), ("exact", String(scores.isExact)),
                ("seed", scores.seed.map { JSONText.string(String(format: "0x%016llx", $0)) } ?? "null"),
            ])),
            ("rows", JSONText.object([
                ("analysed", String(space.analysedItems)), ("sampled", String(space.isRowSampled)),
                ("seed", space.rowSeed.map { JSONText.string(String(format: "0x%016llx", $0)) } ?? "null"),
            ])),
            ("mean_cosine", scores.hasPairs ? JSONText.number(scores.mean) : "null"),
            ("cosine_percentiles", percentilesJSON(scores)),
            ("centred", space.centredScores.hasPairs ? JSONText.object([
                ("mean_cosine", JSONText.number(space.centredScores.mean)),
                ("cosine_percentiles", percentilesJSON(space.centredScores)),
            ]) : "null"),
            ("hubness", hubnessJSON()),
            ("pca", JSONText.object([
                ("explained_variance_ratio", JSONText.array(space.axes.explainedVarianceRatio.map(JSONText.number))),
            ])),
            ("nearest_pairs", JSONText.array((inspection.hubness?.nearestPairs ?? []).map { pair in
                JSONText.object([
                    ("score", JSONText.number(pair.score)),
                    ("positions", JSONText.array([String(pair.first), String(pair.second)])),
                    ("texts", JSONText.array([text(pair.first), text(pair.second)].map(JSONText.string))),
                ])
            })),
        ])
    }

    private func percentilesJSON(_ distribution: ScoreDistribution) -> String {
        guard distribution.hasPairs else { return "null" }
        return JSONText.object(ScoreDistribution.reportedPercentiles.map { percent in
            (String(percent), distribution.score(atPercentile: Double(percent)).map(JSONText.number) ?? "null")
        })
    }

    private func hubnessJSON() -> String {
        guard let hubness = inspection.hubness else { return "null" }
        return JSONText.object([
            ("k", String(hubness.k)),
            ("skewness", JSONText.number(hubness.skewness)),
            ("top", JSONText.array(hubness.hubs.map { hub in
                JSONText.object([
                    ("position", String(hub.item)), ("count", String(hub.count)), ("text", JSONText.string(text(hub.item))),
                    ("id", inspection.items[hub.item]?.externalID.map(JSONText.string) ?? "null"),
                ])
            })),
            ("antihubs", String(hubness.antihubs)),
            ("items_analysed", String(hubness.analysedItems)),
            ("exact", String(hubness.isExact)),
            ("seed", hubness.seed.map { JSONText.string(String(format: "0x%016llx", $0)) } ?? "null"),
        ])
    }

    private func text(_ position: Int) -> String { inspection.items[position]?.text ?? "" }

    // MARK: Table

    func table() -> String {
        var lines: [String] = []
        let scores = space.scores
        lines.append(TerminalText.visible("corpus \(inspection.corpus.record.name): \(space.items) items of \(space.dimension) dimensions (\(model), \(space.scoring.rawValue))"))
        guard scores.hasPairs else {
            lines.append("")
            lines.append("No pairs to score: the corpus has \(space.items) item\(space.items == 1 ? "" : "s"), and every figure here compares two different items.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("")
        let source = scores.isExact
            ? "all \(scores.pairs) distinct pairs"
            : "a uniform random sample of \(scores.pairs) of the \(scores.totalPairs) distinct pairs (seed \(String(format: "0x%016llx", scores.seed ?? 0)))"
        lines.append("Scores of \(source):")
        if let sample = Self.rowSample(space) { lines.append("  (\(sample); the mean vector is over every item)") }
        lines.append(row("mean \(scoreName)", format(scores.mean),
                         "What two different items of this corpus score on average: the level of an unrelated pair for this model."))
        lines.append(row("percentiles", percentileLine(scores),
                         "p% of the pairs score below the p% value, so a search result above the 99% value is closer than 99 pairs in 100."))
        lines.append(row("after centring", "mean \(format(space.centredScores.mean))  \(percentileLine(space.centredScores, only: [50, 99]))",
                         "The same pairs once the corpus's mean vector is subtracted (search --centre): what is left when the shared direction is gone."))
        if let hubness = inspection.hubness {
            lines.append("")
            let analysed = hubness.isExact ? "every item" : "a uniform random sample of \(hubness.analysedItems) items (seed \(String(format: "0x%016llx", hubness.seed ?? 0)))"
            lines.append("Hubness of the \(hubness.k) nearest neighbours of \(analysed):")
            lines.append(row("skewness", String(format: "%.3f", hubness.skewness),
                             "How lopsided being a neighbour is: 0 when every item is among the others' \(hubness.k) nearest equally often; well above 1 when a few hubs crowd most lists."))
            lines.append(row("antihubs", String(hubness.antihubs),
                             "Items in no other item's \(hubness.k) nearest: searches by similar items rarely return them."))
            lines.append(row("top hubs", "", "The items most often among the others' nearest, with how often:"))
            for hub in hubness.hubs {
                lines.append("    \(String(format: "%6d", hub.count))  " + clipped(text(hub.item)))
            }
        }
        lines.append("")
        let ratios = space.axes.explainedVarianceRatio
        lines.append("Principal components of the centred vectors" + (Self.rowSample(space).map { " (\($0))" } ?? "") + ":")
        lines.append(row("explained variance", ratios.enumerated().map { "\($0.offset + 1): \(String(format: "%.1f%%", 100 * $0.element))" }.joined(separator: "  "),
                         "The share of the vectors' spread along each of the first \(ratios.count) directions; the map shows the first two (\(String(format: "%.1f%%", 100 * ratios.prefix(2).reduce(0, +))) together)."))
        if let pairs = inspection.hubness?.nearestPairs, !pairs.isEmpty {
            lines.append("")
            lines.append("Nearest pairs (the most similar different items; scores near 1 are near duplicates):")
            for pair in pairs {
                lines.append("  " + String(format: "%.4f", pair.score) + "  " + clipped(text(pair.first), 45) + "  ~  " + clipped(text(pair.second), 45))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "from a sample of 100,000 of 2,000,000 items", or nil when every item took part.
    static func rowSample(_ space: CorpusSpace) -> String? {
        guard space.isRowSampled else { return nil }
        return "from a sample of \(grouped(space.analysedItems)) of \(grouped(space.items)) items"
    }

    /// 2000000 as "2,000,000".
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    private func percentileLine(_ distribution: ScoreDistribution, only: [Int] = ScoreDistribution.reportedPercentiles) -> String {
        only.map { percent in "\(percent)%: " + (distribution.score(atPercentile: Double(percent)).map(format) ?? "–") }
            .joined(separator: "  ")
    }

    private func row(_ label: String, _ value: String, _ sentence: String) -> String {
        let head = "  " + label.padding(toLength: 20, withPad: " ", startingAt: 0) + value
        return value.isEmpty ? head + sentence : head + "\n" + String(repeating: " ", count: 22) + sentence
    }

    private func format(_ value: Double) -> String { String(format: "%.4f", value) }

    private func clipped(_ text: String, _ width: Int = 90) -> String {
        let visible = TerminalText.visible(text)
        return visible.count > width ? String(visible.prefix(width - 1)) + "…" : visible
    }
}

import ArgumentParser
import Embedding
import ExplorerUI
import Foundation
import StrictJSON
import Teaching
import TextInput
import TextOutput

struct LossCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loss",
        abstract: "The MultipleNegativesRankingLoss of (anchor, positive) pairs, as training sees it.",
        discussion: """
            Each anchor is scored against every positive of its batch with the model's similarity \
            function; the scores × --scale are one row's logits, its softmax gives p(positive), and \
            the row's loss is −log p(right positive). Every other positive serves as a negative; \
            the hardest is the one the anchor scores highest. The loss is the mean over the rows. \
            Pairs come from --pairs FILE: CSV or TSV rows "anchor,positive" (by extension; a first \
            row "anchor,positive" is a header) or JSON Lines {"anchor": …, "positive": …} (.jsonl). \
            More than 32 pairs are cut into consecutive batches of 32, each its own softmax, as \
            training would see them; the loss is then the mean of the batches' losses. One pair \
            alone has loss 0 (no negatives): said as trivial. \
            json: {"scale", "loss", "batch_size", "batches": [{"first_pair", "pairs", "loss"}], \
            "rows": [{"anchor", "positive", "batch", "loss", "p_positive", "hardest_negative" (pair \
            index from 0, null without negatives), "scores" (scaled, one per positive of its batch)}]}.
            """)

    @Option(help: ArgumentHelp("The (anchor, positive) pairs: .csv, .tsv or .jsonl.", valueName: "FILE"))
    var pairs: String

    @Option(help: "Multiply the similarity scores by this before the softmax (sentence-transformers' default 20).")
    var scale: Double = MultipleNegativesRankingLoss.defaultScale

    @Option(help: "Output format.")
    var format: ExplanationFormat = .table

    @OptionGroup var modelOptions: ModelOptions

    func validate() throws {
        guard scale.isFinite, scale > 0 else { throw ValidationError("--scale must be a positive number, got \(scale)") }
    }

    func run() throws {
        let source = try InputSource.file(pairs)
        let list = try TrainingPairs.read(source, format: TrainingPairs.format(forPath: pairs))
        let model = try modelOptions.load()
        let batches = try model.multipleNegativesRankingLoss(
            anchors: list.map(\.anchor), positives: list.map(\.positive), scale: scale,
            prompt: try modelOptions.prompt(for: model))
        let loss = batches.reduce(0) { $0 + $1.loss } / Double(max(1, batches.count))
        switch format {
        case .json: print(json(batches, pairs: list, loss: loss))
        case .table: print(table(batches, pairs: list, loss: loss, model: model))
        }
    }

    private func json(_ batches: [MNRLBatch], pairs: [TrainingPair], loss: Double) -> String {
        var rows: [String] = []
        for (batchIndex, batch) in batches.enumerated() {
            for row in batch.rows {
                let pair = pairs[batch.firstPairIndex + row.anchorIndex]
                rows.append(JSONText.object([
                    ("anchor", JSONText.string(pair.anchor)),
                    ("positive", JSONText.string(pair.positive)),
                    ("batch", String(batchIndex)),
                    ("loss", JSONText.number(row.loss)),
                    ("p_positive", JSONText.number(row.pPositive)),
                    ("hardest_negative", row.hardestNegative.map { String(batch.firstPairIndex + $0) } ?? "null"),
                    ("scores", JSONText.array(row.scaledScores.map(JSONText.number))),
                ]))
            }
        }
        return JSONText.object([
            ("scale", JSONText.number(scale)),
            ("loss", JSONText.number(loss)),
            ("batch_size", String(MultipleNegativesRankingLoss.trainingBatchSize)),
            ("batches", JSONText.array(batches.map { batch in
                JSONText.object([
                    ("first_pair", String(batch.firstPairIndex)), ("pairs", String(batch.rows.count)),
                    ("loss", JSONText.number(batch.loss)),
                ])
            })),
            ("rows", JSONText.array(rows)),
        ])
    }

    private func table(_ batches: [MNRLBatch], pairs: [TrainingPair], loss: Double, model: SentenceTransformer) -> String {
        var lines = ["\(TerminalText.visible(model.name)): MultipleNegativesRankingLoss of \(pairs.count) pair\(pairs.count == 1 ? "" : "s"), \(model.similarityFunction.name) × \(String(format: "%g", scale))"]
        if batches.count > 1 {
            lines.append("\(batches.count) batches of up to \(MultipleNegativesRankingLoss.trainingBatchSize) pairs, each its own softmax (as training sees them):")
            for (index, batch) in batches.enumerated() {
                lines.append("  batch \(index + 1) (pairs \(batch.firstPairIndex + 1)–\(batch.firstPairIndex + batch.rows.count)): loss \(String(format: "%.4f", batch.loss))\(batch.isTrivial ? " (trivial: one pair, no negatives)" : "")")
            }
        }
        lines.append([pad("pair", 4), pad("loss", 8), pad("p(pos)", 8), pad("hardest", 8)].joined(separator: " ") + "  anchor → positive")
        for batch in batches {
            for row in batch.rows {
                let index = batch.firstPairIndex + row.anchorIndex
                let pair = pairs[index]
                let hardest = row.hardestNegative.map { String(batch.firstPairIndex + $0 + 1) } ?? "—"
                let text = Format.fit(TerminalText.visible(pair.anchor) + " → " + TerminalText.visible(pair.positive), width: 72)
                let figures = [pad(String(index + 1), 4), pad(String(format: "%.4f", row.loss), 8),
                               pad(String(format: "%.4f", row.pPositive), 8), pad(hardest, 8)]
                lines.append(figures.joined(separator: " ") + "  " + text)
            }
        }
        if batches.count == 1, batches[0].isTrivial {
            lines.append("loss 0: trivial — one pair has no in-batch negatives, so its softmax is 1 whatever the vectors")
        } else {
            lines.append("loss \(String(format: "%.4f", loss)) (\(batches.count > 1 ? "mean of the batches' losses" : "mean of the rows"))")
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

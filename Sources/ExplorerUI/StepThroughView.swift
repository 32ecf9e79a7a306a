import Teaching
import VectorArithmetic

/// Step-through mode: one screen per stage of the pipeline, drawn over the panes, each with
/// the real values the model computed for the frozen text.
public enum StepThroughView {
    public static func draw(_ step: StepThroughState, in area: GridRect, into grid: inout ScreenGrid) {
        guard area.width >= 12, area.height >= 3 else { return }
        grid.fill(area)
        let count = StepThroughState.Step.allCases.count
        let title = "Step \(step.step.rawValue + 1)/\(count) · \(step.step.title) · ← → step · Esc leave"
        grid.box(area, title: Format.fit(title, width: area.width - 4), style: CellStyle(foreground: .accent), titleStyle: .accent)
        let content = area.inset(by: 1)
        let lines = self.lines(step, width: content.width)
        let visible = max(1, content.height)
        let first = min(step.scroll, max(0, lines.count - visible))
        for (offset, line) in lines.dropFirst(first).prefix(visible).enumerated() {
            grid.put(line.0, column: content.column, row: content.row + offset, style: line.1, clip: content)
        }
    }

    /// The step's lines, wrapped to `width`.
    static func lines(_ step: StepThroughState, width: Int) -> [(String, CellStyle)] {
        var out: [(String, CellStyle)] = []
        func say(_ text: String, _ style: CellStyle = .plain) {
            for line in Format.wrap(text, width: width) { out.append((line, style)) }
        }
        if let error = step.error {
            say("the pipeline walk failed: \(error)", .error)
            return out
        }
        guard let walk = step.walk else {
            say("“\(step.text)”")
            say("running the model…", .muted)
            return out
        }
        switch step.step {
        case .text:
            say("The input, frozen while you step (Esc gives it back as it was):", .muted)
            say("“\(walk.text)”")
            if !walk.prompt.isEmpty { say("The model's prompt goes first: “\(walk.prompt)”", .muted) }
            say(walk.score.map { "At the end it is scored against: “\($0.other)”" } ?? "Pin another sentence to get a score at the end.", .muted)
        case .normalized:
            say("The tokenizer's normalizer (case, accents, spacing, as the model was trained):", .muted)
            say("“\(walk.normalized)”")
            say(walk.normalized == walk.prompt + walk.text ? "(unchanged)" : "(changed from the input)", .muted)
        case .preTokens:
            say("The pre-tokenizer cuts it into \(walk.preTokens.count) piece\(walk.preTokens.count == 1 ? "" : "s"), each tokenized alone:", .muted)
            say(walk.preTokens.map { "[\($0)]" }.joined(separator: " "))
        case .wordpieces:
            say("\(walk.wordpieces.count) wordpieces with their vocabulary ids (the template's special tokens included):", .muted)
            say(walk.wordpieces.map { "\($0.token)·\($0.id)" }.joined(separator: "  "))
            if walk.truncatedCount > 0 { say("\(walk.truncatedCount) more cut off by max_seq_length", .error) }
        case .layers:
            say("Each token's state is a vector; its length (norm) after the embedding layer and each transformer layer:", .muted)
            let tokens = walk.wordpieces.map(\.token)
            let cell = 7
            let columns = max(1, (width - 5) / cell)
            out.append(("layer" + tokens.prefix(columns).map { MNRLView.padLeft(Format.fit($0, width: cell - 1), cell) }.joined(), .muted))
            for (layer, norms) in walk.layerTokenNorms.enumerated() {
                let name = layer == 0 ? "emb" : "\(layer)"
                out.append((MNRLView.padLeft(name, 5) + norms.prefix(columns).map { MNRLView.padLeft(MNRLView.fixed($0, 1), cell) }.joined(), .plain))
            }
            if tokens.count > columns { say("(\(tokens.count - columns) more tokens to the right: widen the window)", .muted) }
        case .pooling:
            say("\(walk.pooling) pooling over \(walk.pooledTokenCount) token state\(walk.pooledTokenCount == 1 ? "" : "s") of the last layer gives one vector of \(walk.pooled.count) numbers:", .muted)
            say(preview(walk.pooled))
            say("its norm: \(MNRLView.fixed(VectorMath.norm(walk.pooled), 4))", .muted)
        case .normalization:
            for module in walk.denseModules { say("then \(module)", .muted) }
            if walk.normalizes {
                let norm = VectorMath.norm(walk.beforeNormalization)
                say("Divided by its norm \(MNRLView.fixed(norm, 4)), the sentence vector has length 1:", .muted)
            } else {
                say("This model does not normalise: the sentence vector is used as it is:", .muted)
            }
            say(preview(walk.embedding))
            say("its norm: \(MNRLView.fixed(VectorMath.norm(walk.embedding), 4))", .muted)
        case .score:
            if let score = walk.score {
                say("The model's \(score.similarity) between the two sentence vectors:", .muted)
                say("“\(walk.text)”")
                say("“\(score.other)”")
                say("\(score.similarity) = \(MNRLView.fixed(score.value, 4))", .accent)
            } else {
                say("No other sentence to score against: pin one (Enter) or open a corpus, then step again.", .muted)
            }
        }
        return out
    }

    /// The first values of a vector, "0.012 -0.334 … (384 numbers)".
    static func preview(_ vector: [Float], count: Int = 8) -> String {
        let head = vector.prefix(count).map { MNRLView.fixed(Double($0), 3) }.joined(separator: " ")
        return "[" + head + (vector.count > count ? " … (\(vector.count) numbers)]" : "]")
    }
}

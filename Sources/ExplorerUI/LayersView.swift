import Teaching

/// Draws the layers view: the selected matrix pair's pooled cosine after the embedding layer
/// and each transformer layer, as bars, with the norms and the tokens that carry the cosine at
/// the chosen layer (`[`/`]`, marked ▸; the last by default).
public enum LayersView {
    public static func draw(_ state: ExplorerState, in content: GridRect, into grid: inout ScreenGrid) {
        guard !content.isEmpty else { return }
        var lines: [(String, CellStyle)] = []
        guard let view = state.layerWalk else {
            for line in Format.wrap("Pin a sentence or type one: the layers view walks the selected matrix cell's two sentences through every layer.", width: content.width) {
                lines.append((line, .muted))
            }
            put(lines, in: content, into: &grid)
            return
        }
        let pair = view.pair
        lines.append((Format.fit("\(pair.labelA) \(pair.a)", width: content.width), .plain))
        lines.append((Format.fit("\(pair.labelB) \(pair.b)", width: content.width), .plain))
        if let error = view.error {
            for line in Format.wrap("layer walk failed: \(error)", width: content.width) { lines.append((line, .error)) }
            put(lines, in: content, into: &grid)
            return
        }
        guard let walk = view.walk else {
            lines.append(("walking the layers…", .muted))
            put(lines, in: content, into: &grid)
            return
        }
        let stale = walk.sentenceA != pair.a || walk.sentenceB != pair.b
        let wantedLayer = pair.shareLayer ?? walk.layers.last?.layer ?? walk.shareLayer
        let note = stale ? "  (previous pair, updating…)" : wantedLayer != walk.shareLayer ? "  (shares at layer \(wantedLayer) coming…)" : "  ▸ shares' layer: [ ]"
        lines.append(("layer  cos    ‖a‖    ‖b‖" + note, .muted))
        let barWidth = max(0, content.width - 26)
        for layer in walk.layers {
            let name = layer.layer == 0 ? "emb" : "\(layer.layer)"
            let figures = (layer.layer == walk.shareLayer ? "▸" : " ") + MNRLView.padLeft(name, 4) + " " + MNRLView.padLeft(MNRLView.fixed(layer.cosine, 3), 6)
                + " " + MNRLView.padLeft(MNRLView.fixed(layer.normA, 1), 6) + " " + MNRLView.padLeft(MNRLView.fixed(layer.normB, 1), 6) + " "
            lines.append((figures + Bar.horizontal(max(0, layer.cosine), width: barWidth), stale ? .muted : .plain))
        }
        let top = walk.tokensA.sorted { $0.share > $1.share }.prefix(4).map { "\($0.token) \(MNRLView.fixed($0.share, 2))" }
        let layerName = walk.shareLayer == 0 ? "embedding layer" : "layer \(walk.shareLayer)"
        lines.append(("\(walk.pooling) pooling · \(layerName) shares of \(pair.labelA): " + top.joined(separator: "  "), .muted))
        put(lines, in: content, into: &grid)
    }

    private static func put(_ lines: [(String, CellStyle)], in content: GridRect, into grid: inout ScreenGrid) {
        for (offset, line) in lines.prefix(content.height).enumerated() {
            grid.put(line.0, column: content.column, row: content.row + offset, style: line.1, clip: content)
        }
    }
}

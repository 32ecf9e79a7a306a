/// Draws the status line: model, corpus and size, last encode time, cache state, and the
/// latest message or error.
public enum StatusLineView {
    public static func draw(_ state: ExplorerState, in rect: GridRect, into grid: inout ScreenGrid) {
        guard !rect.isEmpty else { return }
        grid.fill(rect, style: CellStyle(foreground: .muted))
        let model = ([state.modelDescription] + state.modelDetails).joined(separator: " · ")
        var segments = [model, corpusSegment(state)]
        if let ms = state.lastEncodeMilliseconds {
            segments.append("encode " + Format.milliseconds(ms) + (state.isEncoding ? " …" : ""))
        } else if state.isEncoding {
            segments.append("encoding…")
        }
        segments.append(state.noColourReason.map { "no colour (\($0))" } ?? "theme \(state.themeName)")
        var x = rect.column
        if let message = state.message {
            // An error gets the whole line when it needs it; a notice keeps model and corpus.
            let lead = segments.prefix(2).joined(separator: " │ ") + " │ "
            let room = rect.width - DisplayWidth.of(message.text)
            if DisplayWidth.of(lead) + 12 <= rect.width, !message.isError || DisplayWidth.of(lead) <= room {
                x = grid.put(lead, column: x, row: rect.row, style: .muted, clip: rect)
            }
            grid.put(Format.fit(message.text, width: rect.maxColumn - x), column: x, row: rect.row,
                     style: message.isError ? .error : .plain, clip: rect)
            return
        }
        let help = "F1 help"
        let line = segments.joined(separator: " │ ")
        if DisplayWidth.of(line) + DisplayWidth.of(help) + 3 <= rect.width {
            grid.put(line, column: x, row: rect.row, style: .muted, clip: rect)
            grid.put(help, column: rect.maxColumn - DisplayWidth.of(help), row: rect.row, style: .muted, clip: rect)
        } else {
            grid.put(Format.fit(line, width: rect.width), column: x, row: rect.row, style: .muted, clip: rect)
        }
    }

    static func corpusSegment(_ state: ExplorerState) -> String {
        switch state.cacheState {
        case .noCorpus:
            return "no corpus"
        case .opening(let name):
            return "\(name): opening…"
        case .indexing(let progress):
            return "\(progress.corpus): indexing \(Int((progress.fraction * 100).rounded(.down)))%"
        case .ready:
            let name = state.corpus?.name ?? state.corpusName ?? "corpus"
            let count = state.corpus.map { " · \($0.itemCount) items" } ?? ""
            return "\(name)\(count) · cached"
        case .failed:
            return "\(state.corpusName ?? "corpus"): failed"
        }
    }
}

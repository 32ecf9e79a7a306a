/// The corpus map, centring and the numbers' explanation: what their keys do to the state.
extension ExplorerReducer {
    /// Panes Tab moves through: the map only while shown; in a layout that shows several
    /// panes, only the ones on screen (the map can take the tokens' place).
    static func focusablePanes(_ state: ExplorerState) -> [Pane] {
        let candidates = Pane.allCases.filter { $0 != .map || state.showsMap }
        let layout = ExplorerLayout.compute(state)
        guard layout.arrangement == .columns || layout.arrangement == .stacked else { return candidates }
        return candidates.filter { $0 == .input || layout.panes[$0] != nil }
    }

    /// `m` / F2: shows or hides the map. Shown from a pane, the map takes the focus (its
    /// keys work at once); from the input, typing goes on.
    static func toggleMap(_ state: inout ExplorerState) {
        state.showsMap.toggle()
        if state.showsMap {
            if state.focus != .input { setFocus(&state, .map) }
            state.message = StatusMessage(mapNotice(state), isError: false)
        } else {
            if state.focus == .map { setFocus(&state, .neighbours) }
            state.message = nil
        }
        // A pane that left the screen must not keep the focus.
        if !focusablePanes(state).contains(state.focus) { setFocus(&state, .neighbours) }
        keepNeighbourSelectionVisible(&state)
    }

    private static func mapNotice(_ state: ExplorerState) -> String {
        switch state.space {
        case .ready(let space) where space.projection == nil:
            "map: \(space.mapUnavailableReason ?? "no projection for this corpus")"
        case .failed(_, let message):
            "map: no statistics (\(message))"
        case .none:
            "map: open a corpus first (c)"
        default:
            "map shown · in the map pane: +/- zoom, h j k l pan, 0 resets, n next components"
        }
    }

    /// `C` / F3: centring on or off; the neighbours are searched again and rows that moved
    /// into the top-k are marked.
    static func toggleCentring(_ state: inout ExplorerState) -> [ExplorerEffect] {
        if !state.isCentred, case .ready(let space) = state.space, space.centring == nil {
            state.message = StatusMessage("cannot centre: \(space.scoresUnavailableReason ?? "the corpus has no mean")",
                                          isError: true)
            return []
        }
        state.isCentred.toggle()
        state.message = StatusMessage(
            state.isCentred
                ? "centring on: scores after subtracting the corpus mean and renormalising; + marks new in the top-\(state.neighbourCount)"
                : "centring off: raw scores",
            isError: false)
        return state.hasInput ? requestAnalysis(&state) : []
    }

    /// `x` / F4 (and x in the help): the current numbers explained in an overlay.
    static func openExplanation(_ state: inout ExplorerState) {
        state.overlay = .fullText(title: "What the numbers mean · Esc closes",
                                  text: NumbersExplanation.text(state), scroll: 0)
    }

    /// Keys of the focused map pane; `nil` when the key is not one of them.
    static func handleMapKey(_ state: inout ExplorerState, _ key: KeyEvent) -> [ExplorerEffect] {
        switch key {
        case .left, .character("h"): state.mapViewport.pan(dx: -1, dy: 0)
        case .right, .character("l"): state.mapViewport.pan(dx: 1, dy: 0)
        case .up, .character("k"): state.mapViewport.pan(dx: 0, dy: 1)
        case .down, .character("j"): state.mapViewport.pan(dx: 0, dy: -1)
        case .character("+"), .character("="): state.mapViewport.zoom(by: 1)
        case .character("-"), .character("_"): state.mapViewport.zoom(by: -1)
        case .character("0"), .home:
            let pair = state.mapViewport.pair
            state.mapViewport = MapViewport()
            state.mapViewport.pair = pair
        case .character("n"):
            let pairs = state.space.space?.projection?.axisPairs ?? 1
            state.mapViewport.pair = (state.mapViewport.pair + 1) % max(1, pairs)
            if pairs < 2 { state.message = StatusMessage("map: this corpus has only two components", isError: false) }
        case .enter, .character("p"):
            // The map's selection is the neighbours': Enter and p act on it as there.
            return handleNeighboursKey(&state, key)
        default:
            break
        }
        return []
    }

    /// Records a loaded space; with centring on and no mean, centring is turned off (said why).
    static func applySpace(_ state: inout ExplorerState, corpus: String, space: ExplorerSpace?) -> [ExplorerEffect] {
        guard corpus == state.corpusName else { return [] }
        guard let space else {
            state.space = .none
            if state.isCentred {
                state.isCentred = false
                state.message = StatusMessage("centring off: this corpus has no statistics", isError: true)
                return requestAnalysis(&state)
            }
            return []
        }
        state.space = .ready(space)
        if state.mapViewport.pair >= (space.projection?.axisPairs ?? 1) { state.mapViewport.pair = 0 }
        if state.isCentred, space.centring == nil {
            state.isCentred = false
            state.message = StatusMessage("centring off: \(space.scoresUnavailableReason ?? "no corpus mean")", isError: true)
            return state.hasInput ? requestAnalysis(&state) : []
        }
        return []
    }
}

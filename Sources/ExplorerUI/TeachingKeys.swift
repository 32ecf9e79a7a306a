import Teaching

/// Keys and results of the teaching views (issue 16): `L` the MNRL view, `Y` the layers view,
/// `S` step-through; `s`/`r` swap and re-pair in the MNRL view; `[`/`]` pick the layers view's
/// share layer.
extension ExplorerReducer {
    /// `L`, `Y` and `S` outside the input; nil when the key is none of them.
    static func handleTeachingCommand(_ state: inout ExplorerState, _ key: KeyEvent) -> [ExplorerEffect]? {
        switch key {
        case .character("L"), .function(5):
            state.lowerView = state.lowerView == .mnrl ? .tokens : .mnrl
            return []
        case .character("Y"), .function(6):
            state.lowerView = state.lowerView == .layers ? .tokens : .layers
            if state.lowerView != .layers { state.layerWalk = nil }
            return refreshLayerWalk(&state)
        case .character("S"), .function(7):
            return startStepThrough(&state)
        case .character("["), .character("]"):
            guard state.lowerView == .layers else { return nil }
            return moveShareLayer(&state, by: key == .character("[") ? -1 : 1)
        default:
            return nil
        }
    }

    /// `s` and `r` while the focused tokens pane shows the MNRL view; nil otherwise.
    static func handleMNRLKey(_ state: inout ExplorerState, _ key: KeyEvent) -> [ExplorerEffect]? {
        guard state.lowerView == .mnrl else { return nil }
        switch key {
        case .character("s"):
            state.mnrlPairing.swapped.toggle()
            state.message = StatusMessage(
                state.mnrlPairing.swapped ? "MNRL: even pins are the anchors now" : "MNRL: odd pins are the anchors again",
                isError: false)
        case .character("r"):
            let pairs = state.pinned.count / 2
            guard pairs > 1 else {
                state.message = StatusMessage("MNRL: re-pairing needs two pairs or more", isError: false)
                return []
            }
            state.mnrlPairing.shift = (state.mnrlPairing.shift + 1) % pairs
            state.message = StatusMessage(
                state.mnrlPairing.shift == 0 ? "MNRL: pairs as pinned" : "MNRL: each anchor paired with the positive \(state.mnrlPairing.shift) pair\(state.mnrlPairing.shift == 1 ? "" : "s") on",
                isError: false)
        default:
            return nil
        }
        return []
    }

    /// `[`/`]`: the token shares one layer shallower or deeper (0 = the embedding layer's
    /// output), asked for again; the layer count comes from the walk on screen.
    static func moveShareLayer(_ state: inout ExplorerState, by delta: Int) -> [ExplorerEffect] {
        guard let last = state.layerWalk?.walk?.layers.last?.layer else {
            state.message = StatusMessage("layers: the walk is not there yet; [ and ] pick a layer once it is", isError: false)
            return []
        }
        let current = min(last, max(0, state.layerShareChoice ?? last))
        let chosen = min(last, max(0, current + delta))
        if chosen == current {
            state.message = StatusMessage(chosen == 0 ? "layers: the embedding layer is the first" : "layers: layer \(last) is the last", isError: false)
            return []
        }
        // The last layer is the default: a pair walked later gets it whatever the model.
        state.layerShareChoice = chosen == last ? nil : chosen
        state.message = StatusMessage("layers: token shares at \(chosen == 0 ? "the embedding layer" : "layer \(chosen)") of \(last)", isError: false)
        return refreshLayerWalk(&state)
    }

    /// Asks for the walk of the selected matrix pair when the layers view shows and the pair
    /// changed (the cell moved, a pin came or went, the input changed).
    static func refreshLayerWalk(_ state: inout ExplorerState) -> [ExplorerEffect] {
        guard state.lowerView == .layers else { return [] }
        let matrix = CosineMatrix(state: state)
        guard let (row, column) = matrix.selectedCell(state) else {
            state.layerWalk = nil
            return []
        }
        let a = matrix.entries[row], b = matrix.entries[column]
        let pair = LayerWalkPair(labelA: a.label, labelB: b.label, a: a.text, b: b.text, shareLayer: state.layerShareChoice)
        guard state.layerWalk?.pair != pair else { return [] }
        // The old walk stays on screen, marked as another pair's, until the new one comes.
        state.layerWalk = LayerWalkState(pair: pair, walk: state.layerWalk?.walk)
        return [.walkLayers(pair)]
    }

    static func applyLayerWalk(_ state: inout ExplorerState, _ pair: LayerWalkPair, _ walk: LayerWalk) -> [ExplorerEffect] {
        guard state.layerWalk?.pair == pair else { return [] }
        state.layerWalk = LayerWalkState(pair: pair, walk: walk)
        return []
    }

    static func failLayerWalk(_ state: inout ExplorerState, _ pair: LayerWalkPair, _ message: String) -> [ExplorerEffect] {
        guard state.layerWalk?.pair == pair else { return [] }
        state.layerWalk = LayerWalkState(pair: pair, walk: nil, error: message)
        return []
    }

    /// Freezes the input (else the selected neighbour, else the first pin) and opens step 1.
    static func startStepThrough(_ state: inout ExplorerState) -> [ExplorerEffect] {
        let text: String
        if state.hasInput {
            text = state.editor.text
        } else if let first = state.pinned.first {
            text = first.text
        } else {
            state.message = StatusMessage("step-through: type or pin a sentence first", isError: false)
            return []
        }
        // The score at the end is toward the first pin that is not the text itself, else the
        // selected neighbour.
        let neighbours = state.neighbours
        let other = state.pinned.first { $0.text != text }?.text
            ?? (state.neighbourSelection < neighbours.count ? neighbours[state.neighbourSelection].text : nil)
        state.stepThrough = StepThroughState(text: text, other: other)
        return [.walkPipeline(text: text, other: other)]
    }

    /// Every key while step-through is open: it leaves the input as it was.
    static func handleStepThroughKey(_ state: inout ExplorerState, _ key: KeyEvent) -> [ExplorerEffect] {
        guard var step = state.stepThrough else { return [] }
        let last = StepThroughState.Step.allCases.count - 1
        switch key {
        case .escape, .character("q"), .character("S"), .function(7):
            state.stepThrough = nil
            return []
        case .right, .character("l"), .character("n"), .character(" "), .enter:
            step.step = StepThroughState.Step(rawValue: min(last, step.step.rawValue + 1)) ?? step.step
            step.scroll = 0
        case .left, .character("h"), .character("p"), .backspace:
            step.step = StepThroughState.Step(rawValue: max(0, step.step.rawValue - 1)) ?? step.step
            step.scroll = 0
        case .home, .character("g"):
            step.step = .text
            step.scroll = 0
        case .end, .character("G"):
            step.step = .score
            step.scroll = 0
        case .down, .character("j"):
            step.scroll += 1
        case .up, .character("k"):
            step.scroll = max(0, step.scroll - 1)
        default:
            return []
        }
        state.stepThrough = step
        return []
    }

    static func applyPipelineWalk(_ state: inout ExplorerState, text: String, _ walk: PipelineWalk) -> [ExplorerEffect] {
        guard state.stepThrough?.text == text else { return [] }
        state.stepThrough?.walk = walk
        return []
    }

    static func failPipelineWalk(_ state: inout ExplorerState, text: String, _ message: String) -> [ExplorerEffect] {
        guard state.stepThrough?.text == text else { return [] }
        state.stepThrough?.error = message
        return []
    }
}

/// What each key does, by overlay and focused pane (the rows of `KeyHelp` describe it).
extension ExplorerReducer {
    static func handleKey(_ state: inout ExplorerState, _ key: KeyEvent) -> [ExplorerEffect] {
        // Keys that arrive in the same read after a quit key were never meant for this session.
        guard !state.isFinished else { return [] }
        if key == .control("c") {
            // Raw mode turns Ctrl-C into a key; it still ends the program as SIGINT would.
            finish(&state)
            state.isInterrupted = true
            return []
        }
        if key == .control("z") {
            state.isSuspendRequested = true
            return []
        }
        if key != .character("D") { state.isClearPending = false }
        if state.stepThrough != nil { return handleStepThroughKey(&state, key) }
        if state.overlay != nil { return handleOverlayKey(&state, key) }
        switch key {
        case .tab:
            cycleFocus(&state, forward: true)
            return []
        case .backTab:
            cycleFocus(&state, forward: false)
            return []
        case .escape:
            finish(&state)
            return []
        case .function(1):
            state.overlay = .help(scroll: 0)
            return []
        case .control("t"):
            cycleTheme(&state)
            return []
        case .function(2):
            toggleMap(&state)
            return []
        case .function(3):
            return toggleCentring(&state)
        case .function(4):
            openExplanation(&state)
            return []
        case .mouse(let event):
            return handleMouse(&state, event)
        default:
            break
        }
        if state.focus == .input { return handleInputKey(&state, key) }
        if let effects = handlePaneCommand(&state, key) { return effects }
        if let effects = handleTeachingCommand(&state, key) { return effects }
        if let effects = handleTrainingCommand(&state, key) { return effects }
        if state.focus == .tokens, let effects = handleMNRLKey(&state, key) { return effects }
        switch state.focus {
        case .input: return []
        case .neighbours: return handleNeighboursKey(&state, key)
        case .matrix: return handleMatrixKey(&state, key)
        case .tokens: return handleTokensKey(&state, key)
        case .map: return handleMapKey(&state, key)
        }
    }

    /// Editing keys while the input line has focus; letters are text here, not commands.
    private static func handleInputKey(_ state: inout ExplorerState, _ key: KeyEvent) -> [ExplorerEffect] {
        let before = state.editor.text
        switch key {
        case .character(let character): state.editor.insert(String(character))
        case .paste(let text):
            if !state.editor.insert(text) {
                state.message = StatusMessage("input cut to \(LineEditor.maximumLength) characters", isError: true)
            }
        case .left, .control("b"): state.editor.moveLeft()
        case .right, .control("f"): state.editor.moveRight()
        case .home, .control("a"): state.editor.moveToStart()
        case .end, .control("e"): state.editor.moveToEnd()
        case .alt("b"): state.editor.moveWordLeft()
        case .alt("f"): state.editor.moveWordRight()
        case .backspace: state.editor.deleteBackward()
        case .delete, .control("d"): state.editor.deleteForward()
        case .control("u"): state.editor.deleteToStart()
        case .control("k"): state.editor.deleteToEnd()
        case .control("w"), .alt("\u{7F}"): state.editor.deleteWordBackward()
        case .up:
            if let text = state.history.older(current: before) { state.editor.replace(with: text) }
        case .down:
            if let text = state.history.newer() { state.editor.replace(with: text) }
        case .enter:
            return pinInput(&state)
        case .pageUp:
            moveNeighbourSelection(&state, by: -neighbourRows(state))
        case .pageDown:
            moveNeighbourSelection(&state, by: neighbourRows(state))
        default:
            return []
        }
        guard state.editor.text != before else { return [] }
        if key != .up, key != .down { state.history.stopBrowsing() }
        state.message = nil  // seen; a failure that persists comes back with the next result
        return requestAnalysis(&state)
    }

    /// Single-letter commands shared by every pane except the input; `nil` if not one.
    private static func handlePaneCommand(_ state: inout ExplorerState, _ key: KeyEvent) -> [ExplorerEffect]? {
        switch key {
        case .character("q"):
            finish(&state)
        case .character("?"):
            state.overlay = .help(scroll: 0)
        case .character("t"):
            cycleTheme(&state)
        case .character("c"):
            // The picker opens now, so every key that follows goes to it, however slowly
            // the list comes.
            state.overlay = .corpusPicker(corpora: nil, selection: 0)
            return [.listCorpora]
        case .character("D"):
            clearSession(&state)
        case .character("e"):
            requestExport(&state)
        case .character("v"):
            state.showsShareValues.toggle()
        case .character("w"):
            state.showsWordpieces.toggle()
            state.tokensScroll = 0
        case .character("i"), .character("/"):
            setFocus(&state, .input)
        case .character("m"):
            toggleMap(&state)
        case .character("C"):
            return toggleCentring(&state)
        case .character("x"):
            openExplanation(&state)
        default:
            return nil
        }
        return []
    }

    /// `e`: the session writes the files (`ExplorerSession`); a view still being computed is
    /// not exported, so an export always holds numbers that belong together.
    private static func requestExport(_ state: inout ExplorerState) {
        if state.training != .idle {
            // The session an export keeps names the base model: a replay could not give the copy's numbers.
            state.message = StatusMessage("export: a trained copy is in use; W writes it, then explore --model it to export its numbers",
                                          isError: true)
        } else if state.isEncoding || state.pinned.contains(where: { $0.vector == nil }) {
            state.message = StatusMessage("export: still computing the view; press e again when it has settled", isError: true)
        } else {
            state.exportRequests += 1
        }
    }

    static func handleNeighboursKey(_ state: inout ExplorerState, _ key: KeyEvent) -> [ExplorerEffect] {
        let page = neighbourRows(state)
        switch key {
        case .down, .character("j"): moveNeighbourSelection(&state, by: 1)
        case .up, .character("k"): moveNeighbourSelection(&state, by: -1)
        case .pageDown, .control("f"): moveNeighbourSelection(&state, by: page)
        case .pageUp, .control("b"): moveNeighbourSelection(&state, by: -page)
        case .home, .character("g"): moveNeighbourSelection(&state, by: -state.neighbours.count)
        case .end, .character("G"): moveNeighbourSelection(&state, by: state.neighbours.count)
        case .enter:
            let neighbours = state.neighbours
            guard state.neighbourSelection < neighbours.count else { return [] }
            let item = neighbours[state.neighbourSelection]
            let id = item.id.map { " · \($0)" } ?? ""
            state.overlay = .fullText(
                title: "Neighbour \(state.neighbourSelection + 1) · cos \(Format.score(item.score).trimmingLeadingSpace)\(id)",
                text: item.text, scroll: 0)
        case .character("p"):
            let neighbours = state.neighbours
            guard state.neighbourSelection < neighbours.count else { return [] }
            let item = neighbours[state.neighbourSelection]
            guard pin(&state, text: item.text, vector: item.vector) else { return [] }
            return requestAnalysis(&state)
        default: break
        }
        return []
    }

    private static func handleMatrixKey(_ state: inout ExplorerState, _ key: KeyEvent) -> [ExplorerEffect] {
        let matrix = CosineMatrix(state: state)
        let last = max(0, matrix.count - 1)
        let row = min(state.matrixRow, last), column = min(state.matrixColumn, last)
        switch key {
        case .down, .character("j"): moveMatrixCursor(&state, row: row + 1, column: column)
        case .up, .character("k"): moveMatrixCursor(&state, row: row - 1, column: column)
        case .right, .character("l"): moveMatrixCursor(&state, row: row, column: column + 1)
        case .left, .character("h"): moveMatrixCursor(&state, row: row, column: column - 1)
        case .pageDown: moveMatrixCursor(&state, row: matrix.count - 1, column: column)
        case .pageUp: moveMatrixCursor(&state, row: 0, column: column)
        case .home, .character("g"): moveMatrixCursor(&state, row: 0, column: 0)
        case .end, .character("G"): moveMatrixCursor(&state, row: matrix.count - 1, column: matrix.count - 1)
        case .enter:
            guard matrix.contains(row: row, column: column) else { return [] }
            let a = matrix.entries[row], b = matrix.entries[column]
            let value = matrix.value(row: row, column: column).map { Format.score($0).trimmingLeadingSpace } ?? "…"
            state.overlay = .fullText(title: "cos(\(a.label), \(b.label)) = \(value)",
                                      text: "[\(a.label)] \(a.text)\n\n[\(b.label)] \(b.text)", scroll: 0)
        case .character("d"), .delete, .backspace:
            guard row < matrix.count else { return [] }
            let entry = matrix.entries[row].pinID != nil ? matrix.entries[row]
                : (column < matrix.count ? matrix.entries[column] : matrix.entries[row])
            guard let id = entry.pinID, let index = state.pinned.firstIndex(where: { $0.id == id }) else {
                state.message = StatusMessage("the input row cannot be unpinned", isError: false)
                return []
            }
            unpin(&state, at: index)
        default: break
        }
        return []
    }

    private static func handleTokensKey(_ state: inout ExplorerState, _ key: KeyEvent) -> [ExplorerEffect] {
        switch key {
        case .down, .character("j"): scrollTokens(&state, by: 1)
        case .up, .character("k"): scrollTokens(&state, by: -1)
        case .pageDown: scrollTokens(&state, by: 5)
        case .pageUp: scrollTokens(&state, by: -5)
        case .home, .character("g"): state.tokensScroll = 0
        case .end, .character("G"): scrollTokens(&state, by: Int(Int32.max))
        default: break
        }
        return []
    }

    private static func handleOverlayKey(_ state: inout ExplorerState, _ key: KeyEvent) -> [ExplorerEffect] {
        guard let overlay = state.overlay else { return [] }
        if case .help = overlay, key == .character("x") || key == .function(4) {
            openExplanation(&state)  // the help's second page
            return []
        }
        let closes: Bool
        switch key {
        case .escape, .character("q"): closes = true
        case .character("?"), .function(1): closes = { if case .help = overlay { true } else { false } }()
        case .enter: closes = { if case .corpusPicker = overlay { false } else { true } }()
        default: closes = false
        }
        if closes {
            state.overlay = nil
            return []
        }
        let delta: Int
        switch key {
        case .down, .character("j"): delta = 1
        case .up, .character("k"): delta = -1
        case .pageDown, .character(" "): delta = 10
        case .pageUp: delta = -10
        case .mouse(let event) where event.kind == .scrollDown: delta = 3
        case .mouse(let event) where event.kind == .scrollUp: delta = -3
        default: delta = 0
        }
        let limit = OverlayView.maximumScroll(overlay, size: state.size)
        switch overlay {
        case .help(let scroll):
            state.overlay = .help(scroll: max(0, min(limit, scroll + delta)))
        case let .fullText(title, text, scroll):
            state.overlay = .fullText(title: title, text: text, scroll: max(0, min(limit, scroll + delta)))
        case let .corpusPicker(nil, selection, typedAhead):
            // Loading: Esc, q (and Ctrl-C, Ctrl-Z) act at once, above; every other key waits
            // for the list and is replayed when it arrives (`corporaListed`).
            if typedAhead.count < Overlay.maximumTypedAhead {
                state.overlay = .corpusPicker(corpora: nil, selection: selection, typedAhead: typedAhead + [key])
            }
        case let .corpusPicker(corpora?, selection, _):
            if key == .enter, selection < corpora.count {
                state.overlay = nil
                return openCorpus(&state, named: corpora[selection].name)
            }
            let next = max(0, min(corpora.count - 1, selection + delta))
            state.overlay = .corpusPicker(corpora: corpora, selection: next)
        }
        return []
    }

    /// Switches the neighbours to another corpus (indexing it if needed).
    static func openCorpus(_ state: inout ExplorerState, named name: String) -> [ExplorerEffect] {
        state.corpusName = name
        state.corpus = nil
        state.cacheState = .opening(name)
        return discardTrainedCopy(&state) + [.openCorpus(name)] + requestAnalysis(&state)
    }

    /// Another corpus: the engine drops the trained copy (it encoded the old corpus), so the
    /// pins go back to the base model's vectors.
    static func discardTrainedCopy(_ state: inout ExplorerState) -> [ExplorerEffect] {
        guard state.training != .idle else { return [] }
        let cancels: [ExplorerEffect] = state.training.isRunning ? [.cancelTraining] : []
        state.training = .idle
        state.trainingBeforeRun = .idle
        state.modelDetails = state.modelDetails.filter { !$0.hasPrefix("trained copy") }
        state.message = StatusMessage("the trained copy was discarded: it had encoded the other corpus", isError: false)
        return cancels + state.pinned.map { .encodePin(pinID: $0.id, text: $0.text) }
    }

    /// `D` twice in a row unpins everything and forgets the input history (and so the saved
    /// session); once only asks, since it cannot be undone.
    static func clearSession(_ state: inout ExplorerState) {
        guard state.isClearPending else {
            state.isClearPending = true
            state.message = StatusMessage("press D again to unpin all and forget the input history", isError: false)
            return
        }
        state.isClearPending = false
        state.pinned = []
        state.history = InputHistory()
        state.matrixRow = 0
        state.matrixColumn = 0
        state.message = StatusMessage("unpinned all; input history forgotten", isError: false)
    }

    /// Scrolls the tokens pane within its lines (a value shown with `v` can change the count).
    static func scrollTokens(_ state: inout ExplorerState, by delta: Int) {
        let limit = TokensView.maximumScroll(state)
        let current = min(state.tokensScroll, limit)
        state.tokensScroll = delta > 0 ? min(limit, current + min(delta, limit)) : max(0, current + delta)
    }
}

/// The explorer's only way to change state: `reduce(&state, action)` applies an action and
/// returns the background work it needs. Pure — no clocks, threads or terminal — so every
/// behaviour is testable with plain values.
public enum ExplorerReducer {
    /// Most sentences the matrix holds.
    public static let maximumPins = 16

    public static func reduce(_ state: inout ExplorerState, _ action: ExplorerAction) -> [ExplorerEffect] {
        let effects = reduceAction(&state, action)
        // The layers view follows the selected pair whatever moved it.
        return effects + refreshLayerWalk(&state)
    }

    private static func reduceAction(_ state: inout ExplorerState, _ action: ExplorerAction) -> [ExplorerEffect] {
        switch action {
        case .key(let key):
            return handleKey(&state, key)
        case .resize(let size):
            state.size = size
            keepNeighbourSelectionVisible(&state)
            return []
        case .analysisFinished(let report):
            return apply(&state, report)
        case let .analysisFailed(generation, message):
            guard generation > state.appliedGeneration else { return [] }
            state.appliedGeneration = generation
            state.message = StatusMessage("encoding failed: \(message)", isError: true)
            return []
        case .indexingProgressed(let progress):
            if progress.corpus == state.corpusName { state.cacheState = .indexing(progress) }
            return []
        case .corpusOpened(let summary):
            state.corpus = summary
            state.corpusName = summary.name
            state.cacheState = .ready
            state.space = .loading(summary.name)
            return [.loadSpace(summary.name)] + requestAnalysis(&state)
        case let .corpusFailed(name, message):
            guard name == state.corpusName else { return [] }
            state.cacheState = .failed(message)
            state.message = StatusMessage("corpus \(name): \(message)", isError: true)
            return []
        case let .pinEncoded(id, vector):
            guard let index = state.pinned.firstIndex(where: { $0.id == id }) else { return [] }
            state.pinned[index].vector = vector
            return state.hasInput ? requestAnalysis(&state) : []
        case let .pinFailed(id, message):
            guard let index = state.pinned.firstIndex(where: { $0.id == id }) else { return [] }
            let text = state.pinned[index].text
            unpin(&state, at: index)
            state.message = StatusMessage("cannot pin “\(text)”: \(message)", isError: true)
            return []
        case .corporaListed(let corpora):
            // Only the loading picker waits for a list: one closed meanwhile stays closed.
            guard case let .corpusPicker(nil, _, typedAhead)? = state.overlay else { return [] }
            guard !corpora.isEmpty else {
                // The keys typed ahead were meant for a list that is not there: dropped, not
                // sent to a pane they were never aimed at.
                state.overlay = nil
                state.message = StatusMessage("no corpora in the cache yet (semblance index)", isError: false)
                return []
            }
            let current = corpora.firstIndex { $0.name == state.corpusName } ?? 0
            state.overlay = .corpusPicker(corpora: corpora, selection: current)
            // The keys typed while it loaded act now, in order, as if the list had been there.
            return typedAhead.flatMap { handleKey(&state, $0) }
        case .corporaListFailed(let message):
            if case .corpusPicker(nil, _, _)? = state.overlay { state.overlay = nil }
            state.message = StatusMessage("cannot list corpora: \(message)", isError: true)
            return []
        case .resumed:
            state.isSuspendRequested = false
            return []
        case let .restoreSession(pins, history, message, pairing):
            state.mnrlPairing = pairing
            return restore(&state, pins: pins, history: history, message: message)
        case .terminated:
            finish(&state)
            return []
        case .notify(let message):
            state.message = message
            return []
        case let .spaceLoaded(corpus, space):
            return applySpace(&state, corpus: corpus, space: space)
        case let .spaceFailed(corpus, message):
            guard corpus == state.corpusName else { return [] }
            state.space = .failed(corpus: corpus, message: message)
            state.message = StatusMessage("no statistics for \(corpus): \(message)", isError: true)
            return []
        case let .layerWalkFinished(pair, walk):
            return applyLayerWalk(&state, pair, walk)
        case let .layerWalkFailed(pair, message):
            return failLayerWalk(&state, pair, message)
        case let .pipelineWalkFinished(text, walk):
            return applyPipelineWalk(&state, text: text, walk)
        case let .pipelineWalkFailed(text, message):
            return failPipelineWalk(&state, text: text, message)
        case .trainingProgressed(let progress):
            return applyTrainingProgress(&state, progress)
        case .trainingFinished(let outcome):
            return finishTraining(&state, outcome, directory: state.saveDirectory)
        case let .trainingFailed(message, wasCancelled):
            return failTraining(&state, message, wasCancelled: wasCancelled)
        case .trainedCopySaved(let path):
            let base = state.training.outcome?.baseModel ?? "the base model"
            state.message = StatusMessage("saved the trained copy to \(path) (explore --model it --against \(base))", isError: false)
            return []
        case let .trainedCopySaveFailed(_, message):
            state.message = StatusMessage("W: \(message)", isError: true)
            return []
        }
    }

    /// Ends the session; what is typed but not pinned goes into the history, so it is saved.
    static func finish(_ state: inout ExplorerState) {
        state.isFinished = true
        state.history.record(state.editor.text)
    }

    /// Replaces pins and history with saved ones; the pins are encoded again.
    static func restore(_ state: inout ExplorerState, pins: [String], history: [String],
                        message: StatusMessage?) -> [ExplorerEffect] {
        state.pinned = []
        state.matrixRow = 0
        state.matrixColumn = 0
        state.shareTarget = .neighbour
        var effects: [ExplorerEffect] = []
        for text in pins where !InputText.isBlank(text) && state.pinned.count < maximumPins
            && !state.pinned.contains(where: { $0.text == text }) {
            state.pinned.append(PinnedSentence(id: state.nextPinID, text: text, vector: nil))
            effects.append(.encodePin(pinID: state.nextPinID, text: text))
            state.nextPinID += 1
        }
        state.history = InputHistory(entries: history.filter { !InputText.isBlank($0) })
        state.message = message
        return effects + (state.hasInput ? requestAnalysis(&state) : [])
    }

    /// Starts (or cancels) the analysis of the current input; bumping the generation makes
    /// every older result stale.
    static func requestAnalysis(_ state: inout ExplorerState) -> [ExplorerEffect] {
        state.requestedGeneration += 1
        if !state.hasInput {
            state.appliedGeneration = state.requestedGeneration
            state.report = nil
            // A new sentence starts from rank 1; the selection follows an item only while
            // one sentence is being edited.
            state.followedNeighbour = nil
            state.neighbourSelection = 0
            state.neighbourScroll = 0
            return [.cancelAnalysis]
        }
        let k = state.cacheState == .ready ? state.neighbourCount : 0
        let targets = state.pinned.compactMap { pin in pin.vector.map { ShareTargetVector(pinID: pin.id, vector: $0, text: pin.text) } }
        return [.analyse(generation: state.requestedGeneration, text: state.editor.text,
                         neighbourCount: k, pinned: targets, centred: state.isCentred)]
    }

    private static func apply(_ state: inout ExplorerState, _ report: InputReport) -> [ExplorerEffect] {
        guard report.generation > state.appliedGeneration,
              report.generation <= state.requestedGeneration else { return [] }
        let textChanged = state.report?.analysis.text != report.analysis.text
        state.report = report
        state.appliedGeneration = report.generation
        state.lastEncodeMilliseconds = report.encodeMilliseconds
        if textChanged { state.tokensScroll = 0 }
        followSelectedNeighbour(&state)
        if let error = report.neighbourError {
            state.message = StatusMessage("search failed: \(error)", isError: true)
        }
        return []
    }

    /// Pins the input and clears it. When its vector is not known yet (Enter right after
    /// typing), the pin shows at once and the worker encodes it.
    static func pinInput(_ state: inout ExplorerState) -> [ExplorerEffect] {
        let text = state.editor.text
        guard state.hasInput else { return [] }
        let known = state.report?.analysis.text == text ? state.report?.analysis.vector : nil
        guard pin(&state, text: text, vector: known) else { return [] }
        state.history.record(text)
        state.editor.replace(with: "")
        let encode: [ExplorerEffect] = known == nil ? [.encodePin(pinID: state.nextPinID - 1, text: text)] : []
        return encode + requestAnalysis(&state)
    }

    /// Adds a pinned sentence; false (with a message) when it cannot.
    static func pin(_ state: inout ExplorerState, text: String, vector: [Float]?) -> Bool {
        guard !InputText.isBlank(text) else {
            state.message = StatusMessage("nothing to pin: the text is blank", isError: false)
            return false
        }
        if state.pinned.contains(where: { $0.text == text }) {
            state.message = StatusMessage("already pinned", isError: false)
            return false
        }
        guard state.pinned.count < maximumPins else {
            state.message = StatusMessage("the matrix holds \(maximumPins) sentences: unpin one (d)", isError: true)
            return false
        }
        state.pinned.append(PinnedSentence(id: state.nextPinID, text: text, vector: vector))
        state.nextPinID += 1
        // The new pin against the input (clamped to the diagonal until there is an input).
        state.matrixRow = state.pinned.count - 1
        state.matrixColumn = state.pinned.count
        state.message = StatusMessage("pinned \(state.pinned.count): \(text)", isError: false)
        return true
    }

    /// Removes the pinned sentence at `index`.
    static func unpin(_ state: inout ExplorerState, at index: Int) {
        guard index >= 0, index < state.pinned.count else { return }
        let removed = state.pinned.remove(at: index)
        let count = CosineMatrix(state: state).count
        state.matrixRow = min(state.matrixRow, max(0, count - 1))
        state.matrixColumn = min(state.matrixColumn, max(0, count - 1))
        state.message = StatusMessage("unpinned: \(removed.text)", isError: false)
    }

    /// Rows the neighbours list shows in the current layout.
    static func neighbourRows(_ state: ExplorerState) -> Int {
        let layout = ExplorerLayout.compute(state)
        return max(1, layout.content(of: .neighbours)?.height ?? 1)
    }

    /// Moves the neighbour selection by `delta`, scrolling to keep it visible.
    static func moveNeighbourSelection(_ state: inout ExplorerState, by delta: Int) {
        let count = state.neighbours.count
        guard count > 0 else { return }
        state.neighbourSelection = max(0, min(count - 1, state.neighbourSelection + delta))
        state.followedNeighbour = NeighbourIdentity(state.neighbours[state.neighbourSelection])
        state.shareTarget = .neighbour
        keepNeighbourSelectionVisible(&state)
    }

    /// After a new result: selects the item that was selected if it is still listed (its rank
    /// may have changed), else the first; the followed item becomes the one now selected.
    static func followSelectedNeighbour(_ state: inout ExplorerState) {
        let neighbours = state.report?.neighbours ?? []
        if let followed = state.followedNeighbour, let index = neighbours.firstIndex(where: followed.matches) {
            state.neighbourSelection = index
        } else {
            state.neighbourSelection = 0
            state.neighbourScroll = 0
        }
        state.followedNeighbour = neighbours.isEmpty ? state.followedNeighbour : NeighbourIdentity(neighbours[state.neighbourSelection])
        keepNeighbourSelectionVisible(&state)
    }

    static func keepNeighbourSelectionVisible(_ state: inout ExplorerState) {
        let rows = neighbourRows(state)
        if state.neighbourSelection < state.neighbourScroll {
            state.neighbourScroll = state.neighbourSelection
        } else if state.neighbourSelection >= state.neighbourScroll + rows {
            state.neighbourScroll = state.neighbourSelection - rows + 1
        }
        let maximum = max(0, state.neighbours.count - rows)
        state.neighbourScroll = max(0, min(state.neighbourScroll, maximum))
    }

    /// Moves the matrix cursor and makes the cell's pinned sentence the share target.
    static func moveMatrixCursor(_ state: inout ExplorerState, row: Int, column: Int) {
        let matrix = CosineMatrix(state: state)
        guard matrix.count > 0 else { return }
        state.matrixRow = max(0, min(matrix.count - 1, row))
        state.matrixColumn = max(0, min(matrix.count - 1, column))
        state.shareTarget = .matrixCell
    }

    static func cycleFocus(_ state: inout ExplorerState, forward: Bool) {
        let panes = focusablePanes(state)
        let index = panes.firstIndex(of: state.focus) ?? 0
        let next = (index + (forward ? 1 : panes.count - 1)) % panes.count
        setFocus(&state, panes[next])
    }

    /// Moves the focus; entering the neighbours or the matrix makes the tokens pane explain
    /// that pane's selection (the input and tokens panes keep what was explained).
    static func setFocus(_ state: inout ExplorerState, _ pane: Pane) {
        state.focus = pane
        switch pane {
        case .neighbours: state.shareTarget = .neighbour
        case .matrix: state.shareTarget = .matrixCell
        case .input, .tokens, .map: break
        }
        keepNeighbourSelectionVisible(&state)
    }

    static func cycleTheme(_ state: inout ExplorerState) {
        if let reason = state.noColourReason {
            // Every theme looks the same without colours: say so rather than cycle names.
            state.message = StatusMessage("no colour (\(reason)): themes change nothing", isError: false)
            return
        }
        state.themeIndex = (state.themeIndex + 1) % max(1, state.themeNames.count)
        state.message = StatusMessage("theme: \(state.themeName)", isError: false)
    }
}

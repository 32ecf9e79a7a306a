/// Keys and results of "train on pinned pairs" (issue 17): `T` trains a copy of the model on
/// the pinned pairs (or cancels the run), `W` writes the trained copy out.
extension ExplorerReducer {
    /// `T` and `W` outside the input; nil when the key is neither.
    static func handleTrainingCommand(_ state: inout ExplorerState, _ key: KeyEvent) -> [ExplorerEffect]? {
        switch key {
        case .character("T"): return startOrCancelTraining(&state)
        case .character("W"): return requestTrainedCopySave(&state)
        default: return nil
        }
    }

    static func startOrCancelTraining(_ state: inout ExplorerState) -> [ExplorerEffect] {
        if case .running(let progress, _) = state.training {
            state.training = .running(progress, isCancelling: true)
            state.message = StatusMessage("train: cancelling after this step…", isError: false)
            return [.cancelTraining]
        }
        let pane = MNRLPane(state: state)
        // A batch of one pair has no negatives: its loss is 0 whatever the weights.
        guard pane.pairs.count >= 2 else {
            state.message = StatusMessage(
                "train: pin two (anchor, positive) pairs or more first — pins 1↔2, 3↔4; MNRL needs other pairs as negatives",
                isError: false)
            return []
        }
        guard !pane.isEncoding else {
            state.message = StatusMessage("train: a pin is still being encoded; press T again when it is", isError: false)
            return []
        }
        let request = PinTrainingRequest(pairs: pane.pairs.map { PinPair(anchor: $0.anchor, positive: $0.positive) })
        state.trainingBeforeRun = state.training
        state.training = .running(nil, isCancelling: false)
        state.message = StatusMessage("train: a copy of the model on \(request.pairs.count) pairs, \(request.steps) steps… (T cancels)",
                                      isError: false)
        return [.trainPinnedPairs(request)]
    }

    static func requestTrainedCopySave(_ state: inout ExplorerState) -> [ExplorerEffect] {
        switch state.training {
        case .trained:
            state.trainedCopySaveRequests += 1
        case .running:
            state.message = StatusMessage("W: the copy is still training; W writes it once it has finished", isError: false)
        case .idle:
            state.message = StatusMessage("W: nothing trained yet (T trains a copy on the pinned pairs)", isError: false)
        }
        return []
    }

    /// A step done: its loss on the status line, the pins' new vectors in the matrix and the
    /// MNRL view.
    static func applyTrainingProgress(_ state: inout ExplorerState, _ progress: PinTrainingProgress) -> [ExplorerEffect] {
        guard case .running(_, let cancelling) = state.training else { return [] }
        state.training = .running(progress, isCancelling: cancelling)
        for index in state.pinned.indices {
            if let vector = progress.vectors[state.pinned[index].text] { state.pinned[index].vector = vector }
        }
        if !cancelling { state.message = StatusMessage(Self.trainingStatus(progress), isError: false) }
        return []
    }

    static func trainingStatus(_ progress: PinTrainingProgress) -> String {
        switch progress.phase {
        case let .training(step, total, loss):
            "train: step \(step)/\(total) · MNRL loss \(MNRLView.fixed(loss, 3)) (T cancels)"
        case let .encodingCorpus(done, total):
            "train: encoding the corpus with the trained copy \(done)/\(total)…"
        }
    }

    /// The copy is in use: every pin and the input are encoded again with it. Its scores
    /// have no place in the base model's statistics, so percentiles and centring go.
    static func finishTraining(_ state: inout ExplorerState, _ outcome: PinTrainingOutcome, directory: String?) -> [ExplorerEffect] {
        let earlier = if case .trained(_, let steps) = state.trainingBeforeRun { steps } else { 0 }
        state.training = .trained(outcome, totalSteps: earlier + outcome.steps)
        state.modelDetails = state.modelDetails.filter { !$0.hasPrefix("trained copy") } + ["trained copy +\(earlier + outcome.steps) steps"]
        if let corpus = state.corpusName {
            state.space = .failed(corpus: corpus, message: "the trained copy's scores have no statistics")
        }
        state.isCentred = false
        let destination = directory.map { " · W writes it to \($0)/semblance-trained-TIME" } ?? ""
        state.message = StatusMessage(
            "trained a copy: \(outcome.steps) steps on \(outcome.pairs) pairs, MNRL loss \(MNRLView.fixed(outcome.firstLoss, 3)) → \(MNRLView.fixed(outcome.lastLoss, 3))\(destination)",
            isError: false)
        var effects: [ExplorerEffect] = []
        for pin in state.pinned { effects.append(.encodePin(pinID: pin.id, text: pin.text)) }
        return effects + requestAnalysis(&state)
    }

    /// Failed or cancelled: the model in use stays what it was (the base, or an earlier copy).
    static func failTraining(_ state: inout ExplorerState, _ message: String, wasCancelled: Bool) -> [ExplorerEffect] {
        state.training = state.trainingBeforeRun
        state.message = StatusMessage(wasCancelled ? "train: cancelled; the copy was discarded" : "train: \(message)",
                                      isError: !wasCancelled)
        // The pins' vectors moved with the steps: back to the model in use.
        var effects: [ExplorerEffect] = []
        for pin in state.pinned { effects.append(.encodePin(pinID: pin.id, text: pin.text)) }
        return effects
    }
}

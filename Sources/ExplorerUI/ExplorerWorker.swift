import Dispatch
import Foundation

/// Runs engine work off the UI thread and hands results back as actions.
///
/// Analysis requests are coalesced: while one runs, newer requests replace the waiting one,
/// so a burst of keystrokes costs at most one encode in flight plus one queued — stale work
/// is dropped before it starts. Corpus opening and indexing run on their own queue so typing
/// keeps working meanwhile. Every result goes to an outbox and `wake` is called, so the UI
/// loop can sleep until something arrives.
public final class ExplorerWorker<Engine: ExplorerEngine>: @unchecked Sendable {
    struct Job: Sendable {
        var generation: Int
        var text: String
        var neighbourCount: Int
        var pinned: [ShareTargetVector]
        var centred = false
    }

    struct Cached: Sendable {
        var modelGeneration = 0
        var text: String
        var encoded: Engine.Encoded
        var milliseconds: Double
    }

    struct Shared {
        var pending: Job? = nil
        /// Pins to encode, in order; they run before the pending analysis and are never dropped.
        var pins: [(id: Int, text: String)] = []
        var analysing = false
        var corpusJobs = 0
        var outbox: [ExplorerAction] = []
        var cached: Cached? = nil
        /// Bumped when a trained copy starts encoding: an encoding made before belongs to
        /// another model and is never reused (even one that finishes after the swap).
        var modelGeneration = 0
        /// Teaching walks (layers, step-through) queued or running; the newest of each kind
        /// replaces a waiting one.
        var teachingJobs = 0
        var pendingLayerWalk: LayerWalkPair? = nil
        var pendingPipelineWalk: (text: String, other: String?)? = nil
        /// The running training's cancel request.
        var trainingCancelled = false
    }

    private let engine: Engine
    private let wake: @Sendable () -> Void
    // An NSLock (a pthread mutex) rather than `Mutex`: ThreadSanitizer sees pthread locking,
    // not the futex calls inside the prebuilt Synchronization library.
    private let lock = NSLock()
    nonisolated(unsafe) private var sharedState = Shared()
    private let analysisQueue = DispatchQueue(label: "semblance.explorer.analysis", qos: .userInteractive)
    private let corpusQueue = DispatchQueue(label: "semblance.explorer.corpus", qos: .utility)
    private let teachingQueue = DispatchQueue(label: "semblance.explorer.teaching", qos: .userInitiated)

    public init(engine: Engine, wake: @escaping @Sendable () -> Void) {
        self.engine = engine
        self.wake = wake
    }

    private func withShared<Result>(_ body: (inout Shared) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&sharedState)
    }

    /// Starts the work an effect asks for; returns at once.
    public func perform(_ effect: ExplorerEffect) {
        switch effect {
        case let .analyse(generation, text, neighbourCount, pinned, centred):
            let job = Job(generation: generation, text: text, neighbourCount: neighbourCount, pinned: pinned,
                          centred: centred)
            let start = withShared { state -> Bool in
                state.pending = job
                if state.analysing { return false }
                state.analysing = true
                return true
            }
            if start { analysisQueue.async { self.drainAnalyses() } }
        case .cancelAnalysis:
            withShared { $0.pending = nil }
        case let .encodePin(id, text):
            let start = withShared { state -> Bool in
                state.pins.append((id, text))
                if state.analysing { return false }
                state.analysing = true
                return true
            }
            if start { analysisQueue.async { self.drainAnalyses() } }
        case .openCorpus(let name):
            withShared { $0.corpusJobs += 1 }
            corpusQueue.async { self.open(corpus: name) }
        case .listCorpora:
            withShared { $0.corpusJobs += 1 }
            DispatchQueue.global(qos: .userInitiated).async { self.listCorpora() }
        case .loadSpace(let name):
            withShared { $0.corpusJobs += 1 }
            corpusQueue.async { self.loadSpace(of: name) }
        case .walkLayers(let pair):
            withShared {
                $0.pendingLayerWalk = pair
                $0.teachingJobs += 1
            }
            teachingQueue.async { self.walkLayers() }
        case .trainPinnedPairs(let request):
            withShared {
                $0.trainingCancelled = false
                $0.teachingJobs += 1
            }
            teachingQueue.async { self.train(request) }
        case .cancelTraining:
            withShared { $0.trainingCancelled = true }
        case .saveTrainedCopy(let path):
            withShared { $0.teachingJobs += 1 }
            teachingQueue.async { self.saveTrainedCopy(to: path) }
        case let .walkPipeline(text, other):
            withShared {
                $0.pendingPipelineWalk = (text, other)
                $0.teachingJobs += 1
            }
            teachingQueue.async { self.walkPipeline() }
        }
    }

    /// Takes every finished result.
    public func takeResults() -> [ExplorerAction] {
        withShared { state in
            defer { state.outbox = [] }
            return state.outbox
        }
    }

    /// No job waiting or running and no result uncollected.
    public var isIdle: Bool {
        withShared {
            $0.pending == nil && $0.pins.isEmpty && !$0.analysing && $0.corpusJobs == 0 && $0.teachingJobs == 0
                && $0.outbox.isEmpty
        }
    }

    private func post(_ action: ExplorerAction) {
        withShared { state in
            // Progress reports replace each other: only the newest matters.
            if case .indexingProgressed = action, case .indexingProgressed? = state.outbox.last {
                state.outbox[state.outbox.count - 1] = action
            } else if case .trainingProgressed = action, case .trainingProgressed? = state.outbox.last {
                state.outbox[state.outbox.count - 1] = action
            } else {
                state.outbox.append(action)
            }
        }
        wake()
    }

    private enum Work {
        case pin(id: Int, text: String)
        case analysis(Job)
    }

    private func drainAnalyses() {
        while true {
            let work = withShared { state -> Work? in
                if !state.pins.isEmpty {
                    let pin = state.pins.removeFirst()
                    return .pin(id: pin.id, text: pin.text)
                }
                guard let job = state.pending else {
                    state.analysing = false
                    return nil
                }
                state.pending = nil
                return .analysis(job)
            }
            switch work {
            case nil: return
            case let .pin(id, text)?: post(encodePin(id: id, text: text))
            case let .analysis(job)?: post(analyse(job))
            }
        }
    }

    private func encodePin(id: Int, text: String) -> ExplorerAction {
        do {
            let (cached, generation) = withShared { ($0.cached, $0.modelGeneration) }
            let encoded = try cached.flatMap { $0.text == text && $0.modelGeneration == generation ? $0.encoded : nil }
                ?? engine.encode(text)
            return .pinEncoded(pinID: id, vector: engine.analysis(of: encoded).vector)
        } catch {
            return .pinFailed(pinID: id, message: "\(error)")
        }
    }

    private func analyse(_ job: Job) -> ExplorerAction {
        do {
            let (cached, generation) = withShared { ($0.cached, $0.modelGeneration) }
            let encoded: Engine.Encoded
            let milliseconds: Double
            if let cached, cached.text == job.text, cached.modelGeneration == generation {
                encoded = cached.encoded
                milliseconds = cached.milliseconds
            } else {
                let clock = ContinuousClock()
                let started = clock.now
                encoded = try engine.encode(job.text)
                milliseconds = Self.milliseconds(clock.now - started)
                let fresh = Cached(modelGeneration: generation, text: job.text, encoded: encoded, milliseconds: milliseconds)
                withShared { if $0.modelGeneration == generation { $0.cached = fresh } }
            }
            let analysis = engine.analysis(of: encoded)
            var neighbours: [NeighbourItem] = []
            var uncentred: [NeighbourItem]? = nil
            var neighbourError: String? = nil
            if job.neighbourCount > 0 {
                do {
                    if job.centred {
                        neighbours = try engine.centredNeighbours(of: analysis.vector, k: job.neighbourCount)
                        uncentred = try engine.neighbours(of: analysis.vector, k: job.neighbourCount)
                    } else {
                        neighbours = try engine.neighbours(of: analysis.vector, k: job.neighbourCount)
                    }
                } catch {
                    neighbourError = "\(error)"
                }
            }
            let neighbourShares = neighbours.map { engine.shares(of: encoded, toward: $0.vector) }
            var pinnedShares: [Int: [Float]] = [:]
            for target in job.pinned {
                pinnedShares[target.pinID] = engine.shares(of: encoded, toward: target.vector)
            }
            // Only the text changes the second model's neighbours, not the first model's vectors.
            let pinTexts = Dictionary(job.pinned.compactMap { pin in pin.text.map { (pin.pinID, $0) } },
                                      uniquingKeysWith: { first, _ in first })
            let second = engine.secondModel(for: job.text, k: job.neighbourCount, pins: pinTexts)
            return .analysisFinished(InputReport(
                generation: job.generation, analysis: analysis, encodeMilliseconds: milliseconds,
                neighbours: neighbours, neighbourShares: neighbourShares, pinnedShares: pinnedShares,
                neighbourError: neighbourError, isCentred: job.centred, uncentredNeighbours: uncentred,
                secondModel: second))
        } catch {
            return .analysisFailed(generation: job.generation, message: "\(error)")
        }
    }

    private func open(corpus name: String) {
        let result: ExplorerAction
        do {
            let summary = try engine.openCorpus(named: name) { [weak self] progress in
                self?.post(.indexingProgressed(progress))
            }
            result = .corpusOpened(summary)
        } catch {
            result = .corpusFailed(name: name, message: "\(error)")
        }
        withShared {
            $0.corpusJobs -= 1
            $0.outbox.append(result)
        }
        wake()
    }

    private func loadSpace(of name: String) {
        let result: ExplorerAction
        do {
            result = .spaceLoaded(corpus: name, space: try engine.space(ofCorpus: name))
        } catch {
            result = .spaceFailed(corpus: name, message: "\(error)")
        }
        withShared {
            $0.corpusJobs -= 1
            $0.outbox.append(result)
        }
        wake()
    }

    private func listCorpora() {
        let result: ExplorerAction
        do {
            result = .corporaListed(try engine.corpora())
        } catch {
            result = .corporaListFailed("\(error)")
        }
        withShared {
            $0.corpusJobs -= 1
            $0.outbox.append(result)
        }
        wake()
    }

    /// Walks the newest pair asked for (an older one still waiting is dropped unwalked).
    private func walkLayers() {
        let pair = withShared { state -> LayerWalkPair? in
            defer { state.pendingLayerWalk = nil }
            return state.pendingLayerWalk
        }
        var result: ExplorerAction? = nil
        if let pair {
            do {
                result = .layerWalkFinished(pair, try engine.layerWalk(pair.a, pair.b, shareLayer: pair.shareLayer))
            } catch {
                result = .layerWalkFailed(pair, message: "\(error)")
            }
        }
        finishTeachingJob(result)
    }

    private func walkPipeline() {
        let request = withShared { state -> (text: String, other: String?)? in
            defer { state.pendingPipelineWalk = nil }
            return state.pendingPipelineWalk
        }
        var result: ExplorerAction? = nil
        if let request {
            do {
                result = .pipelineWalkFinished(text: request.text, try engine.pipelineWalk(request.text, toward: request.other))
            } catch {
                result = .pipelineWalkFailed(text: request.text, message: "\(error)")
            }
        }
        finishTeachingJob(result)
    }

    /// Trains off the UI thread (the teaching queue; typing keeps its own queue), each step's
    /// progress posted as it comes.
    private func train(_ request: PinTrainingRequest) {
        let result: ExplorerAction
        do {
            let outcome = try engine.trainCopy(
                request, progress: { [weak self] progress in self?.post(.trainingProgressed(progress)) },
                isCancelled: { [weak self] in self?.withShared { $0.trainingCancelled } ?? true })
            // The input's encoding kept for the next keystroke was the old model's.
            withShared {
                $0.cached = nil
                $0.modelGeneration += 1
            }
            result = .trainingFinished(outcome)
        } catch {
            let cancelled = withShared { $0.trainingCancelled }
            result = .trainingFailed(message: "\(error)", wasCancelled: cancelled)
        }
        finishTeachingJob(result)
    }

    private func saveTrainedCopy(to path: String) {
        let result: ExplorerAction
        do {
            try engine.saveTrainedCopy(to: path)
            result = .trainedCopySaved(path: path)
        } catch {
            result = .trainedCopySaveFailed(path: path, message: "\(error)")
        }
        finishTeachingJob(result)
    }

    private func finishTeachingJob(_ result: ExplorerAction?) {
        withShared {
            $0.teachingJobs -= 1
            if let result { $0.outbox.append(result) }
        }
        wake()
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}

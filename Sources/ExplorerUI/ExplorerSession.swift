import Dispatch
import Foundation

/// How a session starts.
public struct ExplorerConfiguration: Sendable {
    /// The corpus to open first (`nil`: none).
    public var corpusName: String?
    public var themes: ThemeCatalog
    public var themeIndex: Int
    public var neighbourCount: Int
    /// Shown in the status line at start (e.g. a theme file that did not parse).
    public var startupMessage: StatusMessage?
    /// Why colours are off (`NO_COLOR`, or a terminal without colours); `nil` when they are on.
    public var noColourReason: String?
    /// Where pins and input history are saved (`nil`: nowhere, e.g. in benchmarks).
    public var persistence: SessionPersistence?
    /// Start with centring on (`explore --centre`).
    public var startsCentred = false
    /// Start with the corpus map shown (`bench explore --map`).
    public var startsWithMap = false
    /// Where `e` writes its files (`nil`: exports are off); the model's and the second
    /// model's names go into them.
    public var exportDirectory: String? = nil
    public var modelName: String? = nil
    public var secondModelName: String? = nil
    /// `--replay`: a saved session whose pins and input are restored at start (the corpus and
    /// theme are the caller's to set from it).
    public var replay: SavedExplorerSession? = nil
    /// The prompt the engine prepends to the input, recorded in sessions and exports so a
    /// replay encodes as the original did.
    public var prompt: String? = nil

    public init(corpusName: String? = nil, themes: ThemeCatalog = ThemeCatalog(), themeIndex: Int = 0,
                neighbourCount: Int = 30, startupMessage: StatusMessage? = nil,
                persistence: SessionPersistence? = nil) {
        self.corpusName = corpusName
        self.themes = themes
        self.themeIndex = themeIndex
        self.neighbourCount = neighbourCount
        self.startupMessage = startupMessage
        self.persistence = persistence
    }
}

/// How a session saves its pins and history between runs.
public struct SessionPersistence: Sendable {
    public var store: SessionStore
    /// The model's name: sessions are kept per (model, corpus).
    public var model: String
    /// Start empty, replacing what was saved for the first corpus (`--fresh`).
    public var startsFresh: Bool
    /// `--session NAME`: a named session kept beside the automatic one.
    public var name: String?

    public init(store: SessionStore, model: String, startsFresh: Bool = false, name: String? = nil) {
        self.store = store
        self.model = model
        self.startsFresh = startsFresh
        self.name = name
    }
}

/// The explorer without a terminal: feeds bytes and sizes into the reducer, runs effects on
/// the worker, collects results and renders frames. A backend (curses, or a test) owns one
/// on a single thread.
public final class ExplorerSession<Engine: ExplorerEngine> {
    public private(set) var state: ExplorerState
    public let themes: ThemeCatalog
    private var decoder = KeyDecoder()
    private let worker: ExplorerWorker<Engine>
    private var persistence: SessionPersistence?
    /// The corpus whose saved session the state holds, and what was last written for it.
    private var persistedCorpus: String? = nil
    private var persisted: SavedExplorerSession? = nil
    /// Corpora whose file must not be written (unreadable, or damaged and not movable).
    private var untouchable: Set<String> = []
    private var lastSaveError: SessionFileError? = nil
    private let exportDirectory: String?
    private let modelName: String
    private let secondModelName: String?
    private var replay: SavedExplorerSession?
    private let prompt: String?
    /// A replay's selection, applied once its input's neighbours have arrived.
    private var pendingSelection: SavedExplorerSession?
    private var exportsWritten = 0
    private var trainedCopiesWritten = 0

    /// `wake` is called from background threads when a result is ready.
    public init(engine: Engine, configuration: ExplorerConfiguration, size: GridSize,
                wake: @escaping @Sendable () -> Void = {}) {
        themes = configuration.themes
        state = ExplorerState(size: size, modelDescription: engine.modelDescription,
                              corpusName: configuration.corpusName, themeNames: configuration.themes.names,
                              themeIndex: configuration.themeIndex, neighbourCount: configuration.neighbourCount)
        state.modelDetails = engine.modelDetails
        state.similarityLabel = engine.similarityLabel
        state.similarityName = engine.similarityName
        state.shareNote = engine.shareNote
        state.message = configuration.startupMessage
        state.noColourReason = configuration.noColourReason
        state.isCentred = configuration.startsCentred
        state.showsMap = configuration.startsWithMap
        persistence = configuration.persistence
        exportDirectory = configuration.exportDirectory
        modelName = configuration.modelName ?? configuration.persistence?.model ?? engine.modelDescription
        secondModelName = configuration.secondModelName
        replay = configuration.replay
        prompt = configuration.prompt
        state.saveDirectory = configuration.exportDirectory
        worker = ExplorerWorker(engine: engine, wake: wake)
    }

    /// Restores the saved session of the configured corpus and opens it.
    public func start() {
        if var persistence, persistence.startsFresh, let corpus = state.corpusName {
            // Claim the corpus without loading: the first save below replaces the file.
            persistedCorpus = corpus
            persistence.startsFresh = false
            self.persistence = persistence
        }
        let startupMessage = state.message
        synchronisePersistence()
        // A theme problem said at start outranks "restored 3 pins".
        if let startupMessage, startupMessage.isError, state.message?.isError != true { state.message = startupMessage }
        if let name = state.corpusName {
            run(ExplorerReducer.openCorpus(&state, named: name))
        }
        if let replay {
            // The demo's pins and input, after the corpus' own saved session.
            self.replay = nil
            send(.restoreSession(pins: replay.pins, history: replay.history, message: nil,
                                 pairing: replay.mnrlPairing ?? MNRLPairing()))
            if let input = replay.input, !input.isEmpty { send(.key(.paste(input))) }
            pendingSelection = replay
            state.message = StatusMessage("replaying: \(replay.pins.count) pin\(replay.pins.count == 1 ? "" : "s")", isError: false)
        }
    }

    /// Decodes raw terminal input and applies every complete key.
    public func receive(bytes: some Sequence<UInt8>) {
        for key in decoder.feed(bytes) { send(.key(key)) }
    }

    /// Whether input is waiting for more bytes; call `flushInput()` after a short quiet time.
    public var hasPendingInput: Bool { decoder.hasPendingBytes }

    /// Resolves pending input (a lone Esc becomes the Esc key).
    public func flushInput() {
        for key in decoder.flush() { send(.key(key)) }
    }

    public func resize(_ size: GridSize) {
        send(.resize(size))
    }

    /// Applies an action and starts the work it asks for; pins and history are saved as
    /// soon as they change.
    public func send(_ action: ExplorerAction) {
        run(ExplorerReducer.reduce(&state, action))
        synchronisePersistence()
        applyPendingSelection()
        if state.exportRequests != exportsWritten {
            exportsWritten = state.exportRequests
            exportView()
        }
        if state.trainedCopySaveRequests != trainedCopiesWritten {
            trainedCopiesWritten = state.trainedCopySaveRequests
            saveTrainedCopy()
        }
    }

    /// Puts a replay's selection back once the view it belongs to has settled.
    private func applyPendingSelection() {
        guard let replay = pendingSelection, state.cacheState == .ready, !state.isEncoding, state.report != nil,
              !state.pinned.contains(where: { $0.vector == nil }) else { return }
        pendingSelection = nil
        let neighbours = state.neighbours
        if let index = replay.selectedNeighbour, index < neighbours.count {
            state.neighbourSelection = index
            state.followedNeighbour = NeighbourIdentity(neighbours[index])
        }
        if let cell = replay.matrixCell, cell.count == 2 {
            state.matrixRow = cell[0]
            state.matrixColumn = cell[1]
        }
        if replay.sharesOfMatrixCell == true { state.shareTarget = .matrixCell }
    }

    /// Writes the view `e` asked for and says where on the status line.
    private func exportView() {
        guard let exportDirectory else {
            state.message = StatusMessage("export: no export directory", isError: true)
            return
        }
        var session = SavedExplorerSession(model: modelName, corpus: state.corpusName ?? "", state: state,
                                           name: persistence?.name, secondModel: secondModelName, includesView: true)
        session.prompt = prompt
        do {
            let written = try ViewExportWriter(directory: exportDirectory).write(ViewExport(state: state, session: session))
            // The file's name first: a long directory is what the status line cuts.
            let name = written.json.split(separator: "/").last.map(String.init) ?? written.json
            state.message = StatusMessage("exported \(name) and .csv in \(exportDirectory)", isError: false)
        } catch {
            state.message = StatusMessage("\(error)", isError: true)
        }
    }

    /// `W`: a new directory named by time beside the exports, written by the worker (a
    /// model's weights take a moment to copy).
    private func saveTrainedCopy() {
        guard let exportDirectory else {
            state.message = StatusMessage("W: no directory to write to", isError: true)
            return
        }
        let prefix = exportDirectory.hasSuffix("/") ? exportDirectory : exportDirectory + "/"
        let stem = prefix + ViewExportWriter.stem(at: Date()).replacingOccurrences(of: "semblance-export-", with: "semblance-trained-")
        var path = stem
        var attempt = 1
        while FileManager.default.fileExists(atPath: path), attempt < 1000 {
            attempt += 1
            path = stem + "-\(attempt)"
        }
        state.message = StatusMessage("W: writing the trained copy to \(path)…", isError: false)
        run([.saveTrainedCopy(path: path)])
    }

    /// Loads the saved session when the corpus changed (the old one's is already on disk),
    /// else writes the current one if it differs from what was written.
    private func synchronisePersistence() {
        guard let persistence, let corpus = state.corpusName else { return }
        if corpus != persistedCorpus {
            persistedCorpus = corpus
            persisted = nil
            let message: StatusMessage?
            var pins: [String] = [], history: [String] = []
            var pairing = MNRLPairing()
            switch persistence.store.load(model: persistence.model, corpus: corpus, name: persistence.name) {
            case .none:
                message = nil
                persisted = SavedExplorerSession(model: persistence.model, corpus: corpus, name: persistence.name)
                persisted?.prompt = prompt
            case .session(let saved):
                pins = saved.pins
                history = saved.history
                pairing = saved.mnrlPairing ?? MNRLPairing()
                persisted = saved
                message = saved.isEmpty ? nil : StatusMessage(
                    "restored \(saved.pins.count) pin\(saved.pins.count == 1 ? "" : "s") and \(saved.history.count) input\(saved.history.count == 1 ? "" : "s") (D D clears)",
                    isError: false)
            case let .damaged(error, keptAt):
                if keptAt == nil { untouchable.insert(corpus) }
                persisted = SavedExplorerSession(model: persistence.model, corpus: corpus, name: persistence.name)
                persisted?.prompt = prompt
                message = StatusMessage(keptAt.map { "\(error); kept as \($0), starting empty" }
                                        ?? "\(error); left in place, not saving", isError: true)
            case .unreadable(let error):
                untouchable.insert(corpus)
                message = StatusMessage("\(error); not saving this session", isError: true)
            }
            run(ExplorerReducer.reduce(&state, .restoreSession(pins: pins, history: history, message: message, pairing: pairing)))
            return
        }
        guard !untouchable.contains(corpus) else { return }
        var current = SavedExplorerSession(model: persistence.model, corpus: corpus, state: state, name: persistence.name)
        current.prompt = prompt
        guard current != persisted else { return }
        do {
            try persistence.store.save(current)
            persisted = current
            lastSaveError = nil
        } catch {
            // Said once per distinct failure; the next change tries again.
            if error != lastSaveError {
                lastSaveError = error
                state.message = StatusMessage("\(error)", isError: true)
            }
        }
    }

    /// Applies every finished background result; returns whether there were any.
    @discardableResult
    public func collectResults() -> Bool {
        let results = worker.takeResults()
        for action in results { send(action) }
        return !results.isEmpty
    }

    public func render() -> RenderedFrame { ExplorerScreen.render(state) }

    public var isFinished: Bool { state.isFinished }

    /// The current theme for a colour depth.
    public func palette(depth: ColourDepth) -> ThemePalette {
        let list = themes.themes
        let theme = list.isEmpty ? BuiltInThemes.dark : list[min(max(0, state.themeIndex), list.count - 1)]
        return ThemePalette(theme: theme, depth: depth)
    }

    /// Waits until the worker has nothing left to do and every result is applied (for tests
    /// and scripted runs); false on timeout.
    @discardableResult
    public func waitUntilIdle(timeout: Duration = .seconds(10)) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            collectResults()
            if worker.isIdle { return true }
            let wait = DispatchSemaphore(value: 0)
            _ = wait.wait(timeout: .now() + .milliseconds(1))
        }
        return false
    }

    private func run(_ effects: [ExplorerEffect]) {
        for effect in effects { worker.perform(effect) }
    }
}

import Dispatch

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

    public init(corpusName: String? = nil, themes: ThemeCatalog = ThemeCatalog(), themeIndex: Int = 0,
                neighbourCount: Int = 30, startupMessage: StatusMessage? = nil) {
        self.corpusName = corpusName
        self.themes = themes
        self.themeIndex = themeIndex
        self.neighbourCount = neighbourCount
        self.startupMessage = startupMessage
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

    /// `wake` is called from background threads when a result is ready.
    public init(engine: Engine, configuration: ExplorerConfiguration, size: GridSize,
                wake: @escaping @Sendable () -> Void = {}) {
        themes = configuration.themes
        state = ExplorerState(size: size, modelDescription: engine.modelDescription,
                              corpusName: configuration.corpusName, themeNames: configuration.themes.names,
                              themeIndex: configuration.themeIndex, neighbourCount: configuration.neighbourCount)
        state.message = configuration.startupMessage
        state.noColourReason = configuration.noColourReason
        worker = ExplorerWorker(engine: engine, wake: wake)
    }

    /// Opens the configured corpus.
    public func start() {
        if let name = state.corpusName {
            run(ExplorerReducer.openCorpus(&state, named: name))
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

    /// Applies an action and starts the work it asks for.
    public func send(_ action: ExplorerAction) {
        run(ExplorerReducer.reduce(&state, action))
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

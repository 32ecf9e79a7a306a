import CursesBackend
import Dispatch
import ExplorerUI
import Foundation

/// `semblance bench explore`: types texts one key at a time into a real explorer session
/// (engine, background worker, reducer, views) painted by curses into /dev/null, and times
/// each keystroke until its result is on screen.
public struct ExplorerBenchmark<Engine: ExplorerEngine> {
    public let engine: Engine
    public let corpusName: String
    /// Neighbours the explorer asks for.
    public let neighbours: Int
    /// Texts pinned before typing: the matrix and the shares toward them are part of the work.
    public let pins: Int
    /// Between the starts of two keystrokes, as a fast typist.
    public let interval: Duration
    /// How many times every text is typed.
    public let passes: Int
    public let screenSize: GridSize
    /// The corpus map pane is shown while typing (its projection is loaded before timing).
    public let showsMap: Bool
    /// Keys pressed once after pinning, before typing (e.g. Tab L i: type with the MNRL view shown).
    public var setupKeys: [UInt8] = []
    /// `--against B`: the second model's name. Its column must be on screen for every text
    /// typed (a column that says "not indexed" would time nothing), so a failure is an error.
    public var secondModelName: String? = nil

    public init(engine: Engine, corpusName: String, neighbours: Int, pins: Int, interval: Duration, passes: Int,
                screenSize: GridSize, showsMap: Bool = false) {
        self.engine = engine
        self.corpusName = corpusName
        self.neighbours = neighbours
        self.pins = pins
        self.interval = interval
        self.passes = passes
        self.screenSize = screenSize
        self.showsMap = showsMap
    }

    /// Every keystroke's timing, and the figures of the session it was typed into.
    public struct Result {
        public let samples: [KeystrokeTiming]
        /// The median `updated` time of each pass.
        public let passMedians: [Double]
        /// Texts typed per pass (those not pinned).
        public let typedTexts: Int
        public let corpus: CorpusInfo?
        /// The terminal type curses painted as.
        public let terminal: String
        /// From the session's start to the corpus ready to search (indexed first if it had to be).
        public let openSeconds: Double
        /// From the session's start to all its opening work done: the corpus's statistics
        /// and map too, which load in the background once it is ready.
        public let settledSeconds: Double
    }

    /// Pins the first `pins` of `texts`, then types the rest `passes` times. `opening` is
    /// called once the screen exists, as the corpus starts opening (it may be indexed first).
    public func run(texts: [String], opening: () -> Void = {}) throws -> Result {
        let screen = try OffscreenCursesScreen(size: screenSize)
        defer { screen.close() }
        let wakeUp = DispatchSemaphore(value: 0)
        var configuration = ExplorerConfiguration(corpusName: corpusName, neighbourCount: neighbours)
        configuration.startsWithMap = showsMap
        let session = ExplorerSession(engine: engine, configuration: configuration, size: screenSize,
                                      wake: { wakeUp.signal() })
        let palette = session.palette(depth: ColourDepth.detect(colours: screen.colourCount, noColor: nil))
        let driver = ExplorerKeyDriver(session: session, wakeUp: wakeUp) { screen.paint(session.render(), palette: palette) }

        opening()
        let openStart = ContinuousClock.now
        session.start()
        try driver.wait(until: { state in
            switch state.cacheState {
            case .ready, .failed: true
            case .noCorpus, .opening, .indexing: false
            }
        }, timeout: .seconds(24 * 3600))
        let openSeconds = ExplorerKeyDriver<Engine>.seconds(ContinuousClock.now - openStart)
        try driver.settle(timeout: .seconds(24 * 3600))
        let settledSeconds = ExplorerKeyDriver<Engine>.seconds(ContinuousClock.now - openStart)
        guard case .ready = session.state.cacheState else {
            if case .failed(let message) = session.state.cacheState {
                throw BenchmarkError.explorer(reason: "corpus \(corpusName): \(message)")
            }
            throw BenchmarkError.explorer(reason: "corpus \(corpusName) did not open")
        }
        if showsMap, session.state.space.space?.projection == nil {
            // Timing a map pane that says "no map" would time nothing: refuse, saying why.
            let reason: String
            switch session.state.space {
            case .ready(let space): reason = space.mapUnavailableReason ?? "no projection"
            case .failed(_, let message): reason = message
            default: reason = "its statistics did not load"
            }
            throw BenchmarkError.explorer(reason: "corpus \(corpusName) has no map: \(reason)")
        }
        for text in texts.prefix(pins) {
            try driver.type(text, interval: nil)
            try driver.press([0x0D])  // Enter pins the input
            try driver.press([0x15])  // Ctrl-U clears it
        }
        for key in setupKeys { try driver.press([key]) }

        let typed = Array(texts.dropFirst(pins))
        var samples: [KeystrokeTiming] = []
        var passMedians: [Double] = []
        for _ in 0..<passes {
            var pass: [KeystrokeTiming] = []
            for text in typed {
                pass += try driver.type(text, interval: interval)
                try checkSecondColumn(session.state, after: text)
                try driver.press([0x15])
            }
            passMedians.append(TimingStatistics.median(pass.map(\.updated)))
            samples += pass
        }
        return Result(samples: samples, passMedians: passMedians, typedTexts: typed.count,
                      corpus: session.state.corpus, terminal: screen.term, openSeconds: openSeconds,
                      settledSeconds: settledSeconds)
    }

    /// With a second model, its neighbours must have come with the text's result.
    private func checkSecondColumn(_ state: ExplorerState, after text: String) throws {
        guard let secondModelName else { return }
        guard let second = state.report?.secondModel else {
            throw BenchmarkError.explorer(reason: "no \(secondModelName) column after typing \"\(text)\"")
        }
        if let error = second.error {
            throw BenchmarkError.explorer(reason: "\(secondModelName)'s column: \(error)")
        }
    }
}

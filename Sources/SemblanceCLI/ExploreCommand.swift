import ArgumentParser
import Corpora
import CursesBackend
import ExplorerUI
import Foundation

/// `semblance explore`: the terminal explorer.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the terminal explorer: live neighbours, cosine matrix and token shares.",
        discussion: """
            Type a sentence: it is encoded with every keystroke and its nearest neighbours in the \
            corpus, its cosines with the pinned sentences and each token's share of the cosine \
            update live. Enter pins the input; F1 lists every key; F2 shows the corpus map, F3 \
            turns centring on or off, F4 explains the numbers on screen. Without --corpus, the bundled \
            teaching corpus (samples/teaching.txt) opens, indexed inside the explorer on first use. \
            NO_COLOR turns colours off. Pins and the input history are kept per model and corpus \
            in ${XDG_STATE_HOME:-~/.local/state}/semblance/ and come back on the next start \
            (--fresh, or D twice outside the input, clears them). Ctrl-Z suspends; Ctrl-C exits \
            with status 130.
            """)

    @Option(help: "The cached corpus to search (default: the bundled teaching corpus).")
    var corpus: String?

    @Option(help: ArgumentHelp(
        "A theme name (dark, light, high-contrast, monochrome, or yours) or a .theme file.",
        discussion: """
            Your themes live in ${XDG_CONFIG_HOME:-~/.config}/semblance/themes; see Themes/README.md. \
            A theme that cannot be used is an error (every problem is listed); `semblance themes \
            check FILE` checks one without starting the explorer.
            """,
        valueName: "NAME"))
    var theme: String?

    @Option(name: .customShort("k"), help: "How many neighbours to show.")
    var neighbours: Int = 30

    @Flag(help: ArgumentHelp(
        "Start without the pins and input history saved for this model and corpus (and forget them).",
        discussion: "They are kept in ${XDG_STATE_HOME:-~/.local/state}/semblance/, one file per model and corpus."))
    var fresh = false

    @Flag(name: .customLong("centre"), help: ArgumentHelp(
        "Score after subtracting the corpus mean and renormalising (F3 or C toggles it in the explorer).",
        discussion: "Rows that centring brought into the top-k are marked +; F4 or x explains the numbers."))
    var centre = false

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        try OptionBounds.check(neighbours, "-k", in: OptionBounds.explorerNeighbours)
        if theme?.isEmpty == true { throw ValidationError("--theme needs a theme name or a .theme file") }
    }

    func run() throws {
        // Everything that can fail cleanly fails here, before the screen changes.
        let environment = ProcessInfo.processInfo.environment
        var themes = ThemeCatalog.load(userDirectory: ThemeCatalog.userDirectory(environment: environment))
        let selection = themes.select(theme)
        // A theme asked for by name or file must be the one shown: its problems end the run.
        if theme != nil, let problem = selection.problem { throw problem }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError.explorer(reason: "needs a terminal on stdin and stdout (in scripts, use `semblance search`)")
        }
        let model = try modelOptions.load()
        let engine = try cacheOptions.explorerEngine(for: model, modelOptions: modelOptions, environment: environment)
        let corpusName = corpus ?? BundledCorpora.teaching
        // The default theme's user file is broken: start with the built-in one and say why.
        var message = selection.problem.map { StatusMessage($0.summary, isError: true) }
        if corpus == nil, engine.bundledCorpora.isEmpty {
            message = StatusMessage("samples/teaching.txt not found: run from the checkout or set SEMBLANCE_SAMPLES", isError: true)
        }
        var persistence: SessionPersistence? = nil
        do {
            let directory = try SessionStore.defaultDirectory(environment: environment)
            persistence = SessionPersistence(store: SessionStore(directory: directory), model: model.name,
                                             startsFresh: fresh)
        } catch {
            message = message ?? StatusMessage("\(error)", isError: true)
        }
        var configuration = ExplorerConfiguration(
            corpusName: corpusName, themes: themes, themeIndex: selection.index, neighbourCount: neighbours,
            startupMessage: message, persistence: persistence)
        configuration.startsCentred = centre
        let exit = try TerminalExplorer.run(engine: engine, configuration: configuration, environment: environment)
        if exit != .quit { throw ExitCode(exit.status) }
    }
}

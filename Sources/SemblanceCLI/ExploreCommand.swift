import ArgumentParser
import Corpora
import CursesBackend
import Embedding
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
            (--fresh, or D twice outside the input, clears them); --session NAME keeps a named \
            session beside that one. e (outside the input) exports the view (neighbours, matrix, \
            token shares) to semblance-export-TIME.csv and .json in --export-dir; --replay FILE \
            re-opens an export's (or a session file's) pins, input, corpus, theme, prompt and MNRL \
            pairing. T (outside the input) trains a copy of the model for a few MNRL steps on the \
            pinned pairs, in the background: the MNRL view follows each step, then the copy encodes the \
            input, the pins and the corpus; W writes it to --export-dir as a sentence-transformers model \
            (else it is discarded at exit). --against B \
            adds model B's neighbours as a second column (moves marked ↑n ↓n, + new) and B's cosine \
            to the matrix's cell line; B searches its own corpus of the same items (the bundled \
            corpus is indexed for it as NAME.B). Ctrl-Z suspends; Ctrl-C exits with status 130.
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
    @Option(help: ArgumentHelp("A second model to compare with: its neighbours beside the first model's.",
                               valueName: "DIR|NAME"))
    var against: String?

    @Option(help: ArgumentHelp("Where e writes its exports (default: the working directory).", valueName: "DIR"))
    var exportDir: String?

    @Option(help: ArgumentHelp("Re-open a session from an export's JSON or a session file (it is not saved over).",
                               valueName: "FILE"))
    var replay: String?

    @Option(help: ArgumentHelp("Keep the pins and history in a named session beside the automatic one.", valueName: "NAME"))
    var session: String?

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        try OptionBounds.check(neighbours, "-k", in: OptionBounds.explorerNeighbours)
        if theme?.isEmpty == true { throw ValidationError("--theme needs a theme name or a .theme file") }
        if session?.isEmpty == true { throw ValidationError("--session needs a name") }
        if fresh && replay != nil { throw ValidationError("give --fresh or --replay, not both") }
    }

    /// `--against`'s model; a replay's own second model when the flag is not given (by its
    /// installed name), and the two must agree.
    private func secondModel(replaying replayed: SavedExplorerSession?) throws -> SentenceTransformer? {
        let recorded = replayed?.secondModel
        guard let argument = against ?? recorded else { return nil }
        let directory: URL
        do {
            directory = try InstalledModels().resolve(argument: argument)
        } catch where against == nil {
            throw CLIError.explorer(reason: "\(replay ?? "") compares with model \(argument), which is not installed: pass --against DIR")
        }
        let model = try SentenceTransformer(modelDirectory: directory)
        if let recorded, recorded != model.name {
            throw CLIError.explorer(reason: "\(replay ?? "") compares with model \(recorded), not \(model.name): pass --against for \(recorded)")
        }
        return model
    }

    func run() throws {
        // Everything that can fail cleanly fails here, before the screen changes.
        let environment = ProcessInfo.processInfo.environment
        let replayed = try replay.map { path in try ReplayFile.load(path: path) }
        var isDirectory: ObjCBool = false
        if let exportDir, !(FileManager.default.fileExists(atPath: exportDir, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw CLIError.explorer(reason: "--export-dir \(exportDir): not a directory")
        }
        var themes = ThemeCatalog.load(userDirectory: ThemeCatalog.userDirectory(environment: environment))
        let selection = themes.select(theme ?? replayed?.theme)
        // A theme asked for by name or file must be the one shown: its problems end the run.
        if theme != nil, let problem = selection.problem { throw problem }
        if let replayed, let replay {
            // The model's name is its directory's: checked before the weights load and the screen changes.
            let modelName = try modelOptions.existingDirectory().standardizedFileURL.lastPathComponent
            guard replayed.model == modelName else {
                throw CLIError.explorer(reason: "\(replay) replays model \(replayed.model), not \(modelName): pass --model \(replayed.model)")
            }
            if let corpus, corpus != replayed.corpus {
                throw CLIError.explorer(reason: "\(replay) replays corpus \(replayed.corpus), not \(corpus): drop --corpus")
            }
        }
        let model = try modelOptions.load()
        let second = try secondModel(replaying: replayed)
        let engine = try cacheOptions.explorerEngine(for: model, modelOptions: modelOptions, against: second,
                                                     inputPrompt: replayed?.prompt.map(PromptChoice.text), environment: environment)
        if let recorded = replayed?.prompt, recorded != engine.prompt.text, let replay {
            // Another prompt gives other vectors: the replay would not show the numbers it kept.
            throw CLIError.explorer(reason: "\(replay) was recorded with the prompt \"\(recorded)\", not \"\(engine.prompt.text)\": drop --prompt and --prompt-name")
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError.explorer(reason: "needs a terminal on stdin and stdout (in scripts, use `semblance search`)")
        }
        let corpusName = corpus ?? replayed?.corpus ?? BundledCorpora.name(BundledCorpora.teaching, for: model)
        // The default theme's user file is broken: start with the built-in one and say why.
        var message = selection.problem.map { StatusMessage($0.summary, isError: true) }
        if corpus == nil, engine.bundledCorpora.isEmpty {
            message = StatusMessage("samples/teaching.txt not found: run from the checkout or set SEMBLANCE_SAMPLES", isError: true)
        }
        var persistence: SessionPersistence? = nil
        do {
            let directory = try SessionStore.defaultDirectory(environment: environment)
            // A replay is a demo: it saves over nothing, unless a named session is asked for.
            if replayed == nil || session != nil {
                persistence = SessionPersistence(store: SessionStore(directory: directory), model: model.name,
                                                 startsFresh: fresh, name: session)
            }
        } catch {
            message = message ?? StatusMessage("\(error)", isError: true)
        }
        var configuration = ExplorerConfiguration(
            corpusName: corpusName, themes: themes, themeIndex: selection.index, neighbourCount: neighbours,
            startupMessage: message, persistence: persistence)
        configuration.startsCentred = centre
        configuration.exportDirectory = exportDir ?? FileManager.default.currentDirectoryPath
        configuration.modelName = model.name
        configuration.secondModelName = second?.name
        configuration.replay = replayed
        configuration.prompt = engine.prompt.text
        // A copy trained with T lives in a temporary directory until the explorer ends (W saves it).
        defer { engine.discardTrainedCopy() }
        let exit = try TerminalExplorer.run(engine: engine, configuration: configuration, environment: environment)
        if exit != .quit { throw ExitCode(exit.status) }
    }
}

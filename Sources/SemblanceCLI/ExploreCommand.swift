import ArgumentParser
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
            update live. Enter pins the input; F1 lists every key. Without --corpus, the bundled \
            teaching corpus (samples/teaching.txt) opens, indexed inside the explorer on first use. \
            NO_COLOR turns colours off.
            """)

    @Option(help: "The cached corpus to search (default: the bundled teaching corpus).")
    var corpus: String?

    @Option(help: ArgumentHelp(
        "A theme name (dark, light, high-contrast, monochrome, or yours) or a .theme file.",
        discussion: "Your themes live in ${XDG_CONFIG_HOME:-~/.config}/semblance/themes; see Themes/README.md.",
        valueName: "NAME"))
    var theme: String?

    @Option(name: .customShort("k"), help: "How many neighbours to show.")
    var neighbours: Int = 30

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        guard neighbours >= 1 else { throw ValidationError("-k must be at least 1") }
    }

    func run() throws {
        // Everything that can fail cleanly fails here, before the screen changes.
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError.explorer(reason: "needs a terminal on stdin and stdout (in scripts, use `semblance search`)")
        }
        let model = try modelOptions.load()
        let environment = ProcessInfo.processInfo.environment
        var themes = ThemeCatalog.load(userDirectory: ThemeCatalog.userDirectory(environment: environment))
        let selection = themes.select(theme)
        let problem = selection.problem ?? themes.problems.first
        let bundled = BundledCorpora.locate(environment: environment)
        let corpusName = corpus ?? BundledCorpora.teaching
        var message = problem.map { StatusMessage($0.description, isError: true) }
        if corpus == nil, bundled.isEmpty {
            message = StatusMessage("samples/teaching.txt not found: run from the checkout or set SEMBLANCE_SAMPLES", isError: true)
        }
        let engine = ExplorerCorpusEngine(model: model, cachePath: cacheOptions.path,
                                          createsCacheDirectory: cacheOptions.createsDirectories, bundledCorpora: bundled)
        let configuration = ExplorerConfiguration(
            corpusName: corpusName, themes: themes, themeIndex: selection.index, neighbourCount: neighbours,
            startupMessage: message)
        let exit = try TerminalExplorer.run(engine: engine, configuration: configuration, environment: environment)
        if exit != .quit { throw ExitCode(exit.status) }
    }
}

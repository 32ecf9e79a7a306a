import Foundation

/// The models directory `make model` installs into (`$XDG_DATA_HOME/semblance/models`, else
/// `~/.local/share/semblance/models`), and how a `--model` argument names a directory:
/// a path, or the bare name of a model installed there.
public struct InstalledModels: Sendable {
    /// The model used when none is named.
    public static let defaultName = "all-MiniLM-L6-v2"
    /// The folder holding one directory per installed model.
    public let root: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSHomeDirectory() + "/.local/share"
        root = URL(fileURLWithPath: dataHome).appendingPathComponent("semblance/models")
    }

    /// Where the default model is (or would be) installed.
    public var defaultModel: URL { root.appendingPathComponent(Self.defaultName) }

    /// The installed models' names, sorted: the folders of `root` that hold a model
    /// (`config.json` or `modules.json`); half-installed `….partial.*` folders are not.
    public func names() -> [String] {
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: root.path) else { return [] }
        return entries.filter { name in
            !name.hasPrefix(".") && !name.contains(".partial.")
                && ["config.json", "modules.json"].contains {
                    manager.fileExists(atPath: root.appendingPathComponent(name).appendingPathComponent($0).path)
                }
        }.sorted()
    }

    /// The model directory a command uses: `argument` (`--model`) when given, else
    /// `$SEMBLANCE_MODEL`, else the default model (which may not be installed yet).
    public func resolve(argument: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let argument { return try directory(for: argument) }
        if let path = environment["SEMBLANCE_MODEL"], !path.isEmpty { return try directory(for: path) }
        return defaultModel
    }

    /// The model directory `argument` names. A path (it holds a `/`, is `.`/`..`, or exists
    /// relative to the working directory) is taken as it is; otherwise it is the name of an
    /// installed model.
    /// - Throws: `EmbeddingError.modelNotInstalled` listing the installed models.
    public func directory(for argument: String) throws -> URL {
        let looksLikePath = argument.contains("/") || argument == "." || argument == ".." || argument.hasPrefix("~")
        if looksLikePath || argument.isEmpty || FileManager.default.fileExists(atPath: argument) {
            return URL(fileURLWithPath: (argument as NSString).expandingTildeInPath)
        }
        let installed = root.appendingPathComponent(argument)
        guard FileManager.default.fileExists(atPath: installed.path) else {
            throw EmbeddingError.modelNotInstalled(name: argument, modelsDirectory: root.path, installed: names())
        }
        return installed
    }
}

import ArgumentParser
import Embedding
import Foundation

/// `--model DIR|NAME`, shared by every command that encodes.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A sentence-transformers model directory, or the name of an installed model.",
        discussion: "A bare name (all-mpnet-base-v2) is looked up in the models directory "
            + "($XDG_DATA_HOME/semblance/models). Defaults to $SEMBLANCE_MODEL, else the installed "
            + "all-MiniLM-L6-v2 (make model).",
        valueName: "DIR|NAME"))
    var model: String?

    /// The directory the options name, after the environment and the default.
    var directory: URL {
        get throws {
            let installed = InstalledModels()
            if let model { return try installed.directory(for: model) }
            if let path = ProcessInfo.processInfo.environment["SEMBLANCE_MODEL"], !path.isEmpty {
                return try installed.directory(for: path)
            }
            return installed.defaultModel
        }
    }

    func load() throws -> SentenceTransformer {
        let directory = try self.directory
        if model == nil, !FileManager.default.fileExists(atPath: directory.path) {
            throw CLIError.defaultModelMissing(path: directory.path)
        }
        return try SentenceTransformer(modelDirectory: directory)
    }
}

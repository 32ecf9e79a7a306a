import ArgumentParser
import Embedding
import Foundation

/// `--model DIR`, shared by every command that encodes.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A sentence-transformers model directory.",
        discussion: "Defaults to $SEMBLANCE_MODEL, else the installed all-MiniLM-L6-v2 (make model).",
        valueName: "DIR"))
    var model: String?

    /// The directory the options name, after the environment and the default.
    var directory: URL {
        if let model { return URL(fileURLWithPath: model) }
        if let path = ProcessInfo.processInfo.environment["SEMBLANCE_MODEL"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return Self.defaultModelDirectory
    }

    static var defaultModelDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSHomeDirectory() + "/.local/share"
        return URL(fileURLWithPath: dataHome).appendingPathComponent("semblance/models/all-MiniLM-L6-v2")
    }

    /// The directory, or the error that says how to install the default model when it is missing.
    func existingDirectory() throws -> URL {
        let directory = self.directory
        if model == nil, !FileManager.default.fileExists(atPath: directory.path) {
            throw CLIError.defaultModelMissing(path: directory.path)
        }
        return directory
    }

    func load() throws -> SentenceTransformer {
        try SentenceTransformer(modelDirectory: existingDirectory())
    }
}

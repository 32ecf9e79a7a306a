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

    @Option(name: .customLong("prompt-name"), help: ArgumentHelp(
        "Prepend the model's prompt NAME (config_sentence_transformers.json \"prompts\") to every text.",
        discussion: "Without --prompt-name or --prompt the model's default_prompt_name applies, as in sentence-transformers; index and search use the model's document (or passage) and query prompts when it defines them.",
        valueName: "NAME"))
    var promptName: String?

    @Option(name: .customLong("prompt"), help: ArgumentHelp(
        "Prepend TEXT to every text instead (\"\" for no prompt).", valueName: "TEXT"))
    var promptText: String?

    func validate() throws {
        if promptName != nil && promptText != nil {
            throw ValidationError("give --prompt-name or --prompt, not both")
        }
    }

    /// The prompt the flags ask for; nil when neither is given (the caller's default applies).
    var requestedPrompt: PromptChoice? {
        if let promptText { return .text(promptText) }
        return promptName.map(PromptChoice.named)
    }

    /// The flags' prompt, else `fallback`, checked against the model: an unknown name is an
    /// error naming the flag, the config file and its field.
    func prompt(for model: SentenceTransformer, fallback: PromptChoice = .modelDefault) throws -> PromptChoice {
        let choice = requestedPrompt ?? fallback
        do {
            _ = try model.resolvePrompt(choice)
        } catch let error as EmbeddingError {
            throw CLIError.badPromptFlag(flag: "--prompt-name", value: promptName ?? "", reason: "\(error)")
        }
        return choice
    }

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

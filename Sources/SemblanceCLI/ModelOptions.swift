import ArgumentParser
import Embedding
import Foundation
import Inference

/// `--model DIR|NAME`, shared by every command that encodes.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A sentence-transformers model directory, or the name of an installed model.",
        discussion: "A bare name (all-mpnet-base-v2) is looked up in the models directory "
            + "($XDG_DATA_HOME/semblance/models). Defaults to $SEMBLANCE_MODEL, else the installed "
            + "all-MiniLM-L6-v2 (make model).",
        valueName: "DIR|NAME"))
    var model: String?

    @Option(name: .customLong("prompt-name"), help: ArgumentHelp(
        "Prepend the model's prompt NAME (config_sentence_transformers.json \"prompts\") to every text.",
        discussion: "Without --prompt-name or --prompt the model's default_prompt_name applies, as in sentence-transformers; index and search use the model's document (or passage) and query prompts when it defines them.",
        valueName: "NAME"))
    var promptName: String?

    @Option(name: .customLong("prompt"), help: ArgumentHelp(
        "Prepend TEXT to every text instead (\"\" for no prompt).", valueName: "TEXT"))
    var promptText: String?

    @Option(name: .customLong("quantize"), help: ArgumentHelp(
        "Run the encoder's linear layers in int8 (dynamic quantization).",
        discussion: "Weights quantized at load, inputs at each product, both with one scale per 64 inputs; "
            + "attention, LayerNorm and pooling stay float32. Faster; vectors differ a little from float32's "
            + "(cosine ≥ 0.997 for all-MiniLM-L6-v2's reference texts, ≥ 0.994 for all-mpnet-base-v2's: see "
            + "the README); the cache keeps int8 vectors apart from float32 ones.",
        valueName: "int8"))
    var quantize: String?

    /// The encoder precision `--quantize` asks for (float32 without it).
    var precision: EncoderPrecision {
        quantize == "int8" ? .int8 : .float32
    }

    func validate() throws {
        if let quantize, quantize != "int8" {
            throw ValidationError("--quantize takes int8 (got \(quantize.debugDescription))")
        }
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
        get throws { try InstalledModels().resolve(argument: model) }
    }

    /// The directory, or the error that says how to install the default model when it is missing.
    func existingDirectory() throws -> URL {
        let directory = try self.directory
        if model == nil, !FileManager.default.fileExists(atPath: directory.path) {
            throw CLIError.defaultModelMissing(path: directory.path)
        }
        return directory
    }

    func load() throws -> SentenceTransformer {
        try SentenceTransformer(modelDirectory: existingDirectory(), precision: precision)
    }
}

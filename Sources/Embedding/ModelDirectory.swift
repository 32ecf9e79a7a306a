import Foundation

/// The module pipeline of a sentence-transformers directory, in either layout:
/// legacy (v2–v4: `sentence_transformers.models.Pooling`, `sentence_bert_config.json` with
/// `max_seq_length`) or v5/v6 (`sentence_transformers.base.modules.transformer.Transformer`,
/// `max_seq_length` from `tokenizer_config.json` `model_max_length`).
struct ModelDirectory {
    let root: URL
    /// Folder holding config.json, model.safetensors and the tokenizer files.
    let transformerFolder: URL
    let pooling: PoolingConfiguration
    let normalizes: Bool
    /// `max_seq_length` when `sentence_bert_config.json` states it.
    let declaredMaxSequenceLength: Int?
    /// sentence-transformers lowercases the text itself when this is set (legacy option).
    let lowercasesInput: Bool

    /// Reads the directory's module files, calling `record` with each file read and its bytes.
    static func open(_ root: URL, record: (URL, [UInt8]) -> Void) throws -> ModelDirectory {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            throw EmbeddingError.modelDirectoryNotFound(path: root.path)
        }
        guard isDirectory.boolValue else { throw EmbeddingError.notADirectory(path: root.path) }

        let modulesURL = root.appendingPathComponent("modules.json")
        var transformerFolder: URL?
        var pooling: PoolingConfiguration?
        var normalizes = false

        // sentence-transformers reads module_config["type"] and module_config["path"] and
        // nothing else it needs ("idx", "name" and later keys are ignored here).
        for (index, module) in try ConfigFile.read(modulesURL, record: record).arrayOfObjects().enumerated() {
            let type = try module.string("type")
            let folder = root.appendingPathComponent(try module.string("path"))
            switch (moduleKind(type), transformerFolder, pooling) {
            case ("Transformer", nil, nil):
                transformerFolder = folder
            case ("Pooling", .some, nil):
                pooling = try PoolingConfiguration.load(folder.appendingPathComponent("config.json"), record: record)
            case ("Normalize", .some, .some) where !normalizes:
                normalizes = true
            case ("Transformer", _, _), ("Pooling", _, _), ("Normalize", _, _):
                throw EmbeddingError.invalidField(
                    path: modulesURL.path, field: "[\(index)].type",
                    reason: "\"\(type)\" is out of order (expected Transformer, Pooling, then optionally Normalize)")
            default:
                throw EmbeddingError.unsupportedModule(path: modulesURL.path, type: type)
            }
        }
        guard let transformerFolder else {
            throw EmbeddingError.invalidField(path: modulesURL.path, field: "type", reason: "names no Transformer module")
        }
        guard let pooling else {
            throw EmbeddingError.invalidField(path: modulesURL.path, field: "type", reason: "names no Pooling module")
        }

        var declaredMaxSequenceLength: Int?
        var lowercasesInput = false
        let stConfigURL = transformerFolder.appendingPathComponent("sentence_bert_config.json")
        if ConfigFile.exists(stConfigURL) {
            let config = try ConfigFile.read(stConfigURL, record: record).object()
            // Transformer(max_seq_length: int | None = None, do_lower_case: bool = False) in
            // sentence_transformers/models/Transformer.py: those are the only defaults.
            if let length = try config.optionalInt("max_seq_length") {
                guard length > 0 else {
                    throw EmbeddingError.invalidField(path: stConfigURL.path, field: "max_seq_length", reason: "must be a positive integer")
                }
                declaredMaxSequenceLength = length
            }
            lowercasesInput = try config.optionalBool("do_lower_case") ?? false
        }
        try checkPrompts(root.appendingPathComponent("config_sentence_transformers.json"), record: record)
        return ModelDirectory(
            root: root, transformerFolder: transformerFolder, pooling: pooling, normalizes: normalizes,
            declaredMaxSequenceLength: declaredMaxSequenceLength, lowercasesInput: lowercasesInput)
    }

    /// sentence-transformers prepends the prompt `default_prompt_name` names to every text it
    /// encodes; Semblance applies no prompts, so its vectors would silently differ. An empty
    /// prompt changes nothing; a name "prompts" does not define is refused, as
    /// sentence-transformers refuses it when it loads the model.
    private static func checkPrompts(_ url: URL, record: (URL, [UInt8]) -> Void) throws {
        guard ConfigFile.exists(url) else { return }
        let config = try ConfigFile.read(url, record: record).object()
        // SentenceTransformer reads config.get("prompts", {}) and config.get("default_prompt_name").
        guard let name = try config.optionalString("default_prompt_name") else { return }
        let prompts = try config.optionalObject("prompts")
        // sentence-transformers refuses a default_prompt_name that is not a key of "prompts".
        guard let prompts, prompts.given(name) != nil else {
            throw EmbeddingError.invalidField(
                path: url.path, field: "default_prompt_name", reason: "names prompt \"\(name)\", which \"prompts\" does not define")
        }
        let prompt = try prompts.string(name)
        guard prompt.isEmpty else {
            throw EmbeddingError.invalidField(
                path: url.path, field: "default_prompt_name",
                reason: "names prompt \"\(name)\", which sentence-transformers prepends to every text; Semblance applies no prompts (set it to null)")
        }
    }

    /// "sentence_transformers.models.Pooling" and
    /// "sentence_transformers.sentence_transformer.modules.pooling.Pooling" are both "Pooling".
    private static func moduleKind(_ type: String) -> String {
        String(type.split(separator: ".").last ?? Substring(type))
    }
}

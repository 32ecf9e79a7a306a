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

        for (index, entry) in try JSONFile.array(at: modulesURL, record: record).enumerated() {
            guard let module = entry as? [String: Any], let type = module["type"] as? String else {
                throw EmbeddingError.invalidField(path: modulesURL.path, field: "[\(index)].type", reason: "is missing")
            }
            let folder = root.appendingPathComponent(module["path"] as? String ?? "")
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
        if JSONFile.exists(stConfigURL) {
            let config = try JSONFile.object(at: stConfigURL, record: record)
            if let value = config["max_seq_length"], !(value is NSNull) {
                guard let length = value as? Int, length > 0 else {
                    throw EmbeddingError.invalidField(path: stConfigURL.path, field: "max_seq_length", reason: "must be a positive integer")
                }
                declaredMaxSequenceLength = length
            }
            lowercasesInput = config["do_lower_case"] as? Bool ?? false
        }
        try checkPrompts(root.appendingPathComponent("config_sentence_transformers.json"), record: record)
        return ModelDirectory(
            root: root, transformerFolder: transformerFolder, pooling: pooling, normalizes: normalizes,
            declaredMaxSequenceLength: declaredMaxSequenceLength, lowercasesInput: lowercasesInput)
    }

    /// sentence-transformers prepends the prompt `default_prompt_name` names to every text it
    /// encodes; Semblance applies no prompts, so its vectors would silently differ. An empty
    /// or absent prompt changes nothing.
    private static func checkPrompts(_ url: URL, record: (URL, [UInt8]) -> Void) throws {
        guard JSONFile.exists(url) else { return }
        let config = try JSONFile.object(at: url, record: record)
        guard let name = config["default_prompt_name"], !(name is NSNull) else { return }
        guard let name = name as? String else {
            throw EmbeddingError.invalidField(path: url.path, field: "default_prompt_name", reason: "must be a string or null")
        }
        let prompt = (config["prompts"] as? [String: Any])?[name] as? String ?? ""
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

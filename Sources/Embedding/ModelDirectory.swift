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
    /// The modules after Pooling (Dense, Normalize), in modules.json's order.
    let modules: [SentenceModule]
    /// `max_seq_length` when `sentence_bert_config.json` states it.
    let declaredMaxSequenceLength: Int?
    /// sentence-transformers lowercases the text itself when this is set (legacy option).
    let lowercasesInput: Bool
    /// config_sentence_transformers.json: prompts and the similarity function.
    let prompts: ModelPrompts

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
        var modules: [SentenceModule] = []

        // sentence-transformers reads module_config["type"] and module_config["path"] and
        // nothing else it needs ("idx", "name" and later keys are ignored here). Dense and
        // Normalize act on the sentence embedding, so they come after Pooling, in any order.
        for (index, module) in try ConfigFile.read(modulesURL, record: record).arrayOfObjects().enumerated() {
            let type = try module.string("type")
            let folder = root.appendingPathComponent(try module.string("path"))
            switch (moduleKind(type), transformerFolder, pooling) {
            case ("Transformer", nil, nil):
                transformerFolder = folder
            case ("Pooling", .some, nil):
                pooling = try PoolingConfiguration.load(folder.appendingPathComponent("config.json"), record: record)
            case ("Dense", .some, .some):
                modules.append(.dense(try DenseLayer.load(folder, record: record)))
            case ("Normalize", .some, .some):
                modules.append(.normalize)
            case ("Transformer", _, _), ("Pooling", _, _), ("Dense", _, _), ("Normalize", _, _):
                throw EmbeddingError.invalidField(
                    path: modulesURL.path, field: "[\(index)].type",
                    reason: "\"\(type)\" is out of order (expected Transformer, Pooling, then any Dense and Normalize modules)")
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
        let prompts = try ModelPrompts.load(root.appendingPathComponent("config_sentence_transformers.json"), record: record)
        return ModelDirectory(
            root: root, transformerFolder: transformerFolder, pooling: pooling, modules: modules,
            declaredMaxSequenceLength: declaredMaxSequenceLength, lowercasesInput: lowercasesInput, prompts: prompts)
    }

    /// "sentence_transformers.models.Pooling" and
    /// "sentence_transformers.sentence_transformer.modules.pooling.Pooling" are both "Pooling".
    private static func moduleKind(_ type: String) -> String {
        String(type.split(separator: ".").last ?? Substring(type))
    }
}

import Foundation

/// The two tokenizers of one model that the tokenizer entry compares.
enum FuzzTokenizers {
    /// $SEMBLANCE_FUZZ_MODEL, else the installed all-MiniLM-L6-v2.
    static let modelDirectory: URL = {
        if let path = ProcessInfo.processInfo.environment["SEMBLANCE_FUZZ_MODEL"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".local/share/semblance/models/all-MiniLM-L6-v2")
    }()

    /// The tokenizer as the model directory gives it (tokenizer.json).
    static let fromJSON: Tokenizer = load(modelDirectory)

    /// The same model read from vocab.txt, tokenizer_config.json and special_tokens_map.json only.
    static let fromVocabularyFile: Tokenizer = {
        let directory = FuzzScratch.directory.appendingPathComponent("vocabulary-only")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["vocab.txt", "tokenizer_config.json", "special_tokens_map.json"] {
            try? FileManager.default.createSymbolicLink(
                at: directory.appendingPathComponent(name), withDestinationURL: modelDirectory.appendingPathComponent(name))
        }
        return load(directory)
    }()

    private static func load(_ directory: URL) -> Tokenizer {
        do {
            return try Tokenizer.load(directory: directory)
        } catch {
            // The harness cannot run without its vocabulary: say so and stop.
            FileHandle.standardError.write(Data("fuzz tokenizer: cannot load \(directory.path): \(error)\n".utf8))
            exit(2)
        }
    }
}

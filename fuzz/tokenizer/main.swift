// fuzz: module=Tokenization max_len=4096
import Foundation

/// libFuzzer entry for the tokenizer: any bytes (decoded as UTF-8, invalid sequences
/// replaced by U+FFFD) as the text, with the all-MiniLM-L6-v2 vocabulary.
///
/// Checks what `tokenize` promises: [CLS] … [SEP] within the limit, ids in the vocabulary,
/// spans inside the text and in order, the same wordpieces whatever the limit, and the same
/// tokens from `tokenizer.json` as from `vocab.txt` + `tokenizer_config.json`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    let scalarCount = text.unicodeScalars.count
    let tokenizer = FuzzTokenizers.fromJSON
    var wordpieces: [[Token]] = []
    for maxLength in [512, 7] {
        let result = tokenizer.tokenize(text, maxLength: maxLength)
        let tokens = result.tokens
        fuzzCheck(tokens.count >= 2 && tokens.count <= maxLength, "\(tokens.count) tokens for max length \(maxLength)")
        fuzzCheck(tokens.first?.id == tokenizer.clsId && tokens.last?.id == tokenizer.sepId, "not [CLS] … [SEP]")
        fuzzCheck(result.truncatedTokens.isEmpty || tokens.count == maxLength, "truncated below the limit")
        let pieces = Array(tokens.dropFirst().dropLast()) + result.truncatedTokens
        var previousStart = 0
        for token in pieces {
            fuzzCheck(token.id >= 0 && Int(token.id) < tokenizer.vocabularySize, "id \(token.id) outside the vocabulary")
            fuzzCheck(tokenizer.token(for: token.id) != nil, "id \(token.id) has no text")
            fuzzCheck(0 <= token.start && token.start <= token.end && token.end <= scalarCount,
                      "span \(token.start)..<\(token.end) outside \(scalarCount) scalars")
            fuzzCheck(token.start >= previousStart, "span \(token.start) before \(previousStart)")
            previousStart = token.start
        }
        wordpieces.append(pieces)

        let other = FuzzTokenizers.fromVocabularyFile.tokenize(text, maxLength: maxLength)
        fuzzCheck(other.tokens == tokens && other.truncatedTokens == result.truncatedTokens,
                  "tokenizer.json and vocab.txt disagree: \(result.ids) vs \(other.ids)")
    }
    fuzzCheck(wordpieces[0] == wordpieces[1], "the wordpieces depend on the length limit")
    return 0
}

enum FuzzTokenizers {
    /// $SEMBLANCE_FUZZ_MODEL, else the installed all-MiniLM-L6-v2.
    static let modelDirectory: URL = {
        if let path = ProcessInfo.processInfo.environment["SEMBLANCE_FUZZ_MODEL"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".local/share/semblance/models/all-MiniLM-L6-v2")
    }()

    /// The tokenizer as the model directory gives it (tokenizer.json).
    static let fromJSON: BertTokenizer = load(modelDirectory)

    /// The same model read from vocab.txt, tokenizer_config.json and special_tokens_map.json only.
    static let fromVocabularyFile: BertTokenizer = {
        let directory = FuzzScratch.directory.appendingPathComponent("vocabulary-only")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["vocab.txt", "tokenizer_config.json", "special_tokens_map.json"] {
            try? FileManager.default.createSymbolicLink(
                at: directory.appendingPathComponent(name), withDestinationURL: modelDirectory.appendingPathComponent(name))
        }
        return load(directory)
    }()

    private static func load(_ directory: URL) -> BertTokenizer {
        do {
            return try BertTokenizer.load(directory: directory)
        } catch {
            // The harness cannot run without its vocabulary: say so and stop.
            FileHandle.standardError.write(Data("fuzz tokenizer: cannot load \(directory.path): \(error)\n".utf8))
            exit(2)
        }
    }
}

// fuzz: module=Tokenization max_len=16384
import Foundation

/// libFuzzer entry for the tokenizer file readers: the input holds up to four files,
/// separated by the byte 0x1E (see `FuzzSections`): tokenizer.json, vocab.txt,
/// tokenizer_config.json, special_tokens_map.json. An empty section is an absent file.
///
/// Loading must give a tokenizer or a `TokenizationError`; a tokenizer that loads must then
/// tokenize a few texts into [CLS] … [SEP] with ids it can name and spans inside the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizerFiles(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let names = ["tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"]
    let sections = FuzzSections.split(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), count: names.count)
    for (name, section) in zip(names, sections) {
        if let section, !section.isEmpty {
            FuzzScratch.write(section, to: "model/" + name)
        } else {
            FuzzScratch.remove("model/" + name)
        }
    }
    let tokenizer: Tokenizer
    do {
        tokenizer = try Tokenizer.load(directory: FuzzScratch.directory.appendingPathComponent("model"))
    } catch let error as TokenizationError {
        // FUZZ_VERBOSE=1 shows why each input was refused (to check that seeds load).
        if ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil { print("refused: \(error)") }
        return 0
    } catch {
        fuzzCheck(false, "load threw something other than a TokenizationError: \(error)")
        return 0
    }
    let texts = ["Hello, world! [SEP] naïve CAFÉ 日本語 unbelievable", "", "[CLS][PAD] [MASK]x ##s a\u{301}\t\u{0}",
                 String(repeating: "ab", count: 80)]
    for text in texts {
        let scalarCount = text.unicodeScalars.count
        let result = tokenizer.tokenize(text, maxLength: 16)
        // Any pipeline: the template's tokens (none without a post-processor) around the text's.
        let added = tokenizer.prefixIds.count + tokenizer.suffixIds.count
        fuzzCheck(result.tokens.count >= added && result.tokens.count <= max(16, added), "\(result.tokens.count) tokens")
        fuzzCheck(Array(result.ids.prefix(tokenizer.prefixIds.count)) == tokenizer.prefixIds
                  && Array(result.ids.suffix(tokenizer.suffixIds.count)) == tokenizer.suffixIds,
                  "not the template's tokens around the text")
        for token in result.tokens + result.truncatedTokens {
            fuzzCheck(token.id >= 0 && Int(token.id) < tokenizer.vocabularySize, "id \(token.id) outside the vocabulary")
            fuzzCheck(tokenizer.token(for: token.id) != nil, "id \(token.id) has no text")
            fuzzCheck(0 <= token.start && token.start <= token.end && token.end <= scalarCount,
                      "span \(token.start)..<\(token.end) outside \(scalarCount) scalars")
        }
    }
    return 0
}

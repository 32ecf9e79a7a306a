/// The tokenizers library's `ByteLevel` decoder: tokens spelled in the byte alphabet back to
/// text. A token with a character outside the alphabet (an added token) is taken as written;
/// bytes that do not form UTF-8 (half a character) become U+FFFD, as `from_utf8_lossy` does.
public enum ByteLevelDecoder {
    /// The text `tokens` stand for, decoded together (a character may span tokens).
    public static func decode<Tokens: Sequence<String>>(_ tokens: Tokens) -> String {
        var bytes: [UInt8] = []
        for token in tokens { appendBytes(of: token, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One token shown readably ("Ġworld" → " world"), e.g. for the explorer's token list.
    public static func decode(_ token: String) -> String {
        decode(CollectionOfOne(token))
    }

    private static func appendBytes(of token: String, to bytes: inout [UInt8]) {
        let start = bytes.count
        for scalar in token.unicodeScalars {
            guard let byte = ByteLevelAlphabet.byte(for: scalar) else {
                bytes.removeSubrange(start...)
                bytes.append(contentsOf: token.utf8)
                return
            }
            bytes.append(byte)
        }
    }
}

import Foundation
import TextInput

/// The texts a model benchmark encodes and where they came from.
public struct BenchTexts: Sendable {
    public let texts: [String]
    /// Says where the texts came from, for the report.
    public let origin: String

    public init(texts: [String], origin: String) {
        self.texts = texts
        self.origin = origin
    }

    /// `bench explore`'s texts to type: those of `path`, else the first twelve built-in sentences.
    public static func typed(path: String?) throws -> [String] {
        guard let path else { return Array(BuiltInSentences.texts.prefix(12)) }
        return try read(path: path).texts
    }

    /// `--input FILE`: an STS CSV (`.csv`: sentence1,sentence2,score) gives its distinct
    /// sentences in order of first appearance, as `eval sts` encodes them; any other file
    /// gives its non-empty lines. Without a file, the built-in sentences.
    public static func read(path: String?) throws -> BenchTexts {
        guard let path else {
            return BenchTexts(texts: BuiltInSentences.texts, origin: "the built-in sentences")
        }
        let source = try InputSource.file(path)
        let name = URL(fileURLWithPath: path).lastPathComponent
        if path.lowercased().hasSuffix(".csv") {
            let texts = STSPairs.distinctSentences(of: try STSPairs.read(source))
            return BenchTexts(texts: texts, origin: "the distinct sentences of \(name)")
        }
        let texts = try PlainLinesReader.records(in: source, skipEmpty: true).map(\.text)
        guard !texts.isEmpty else { throw TextInputError.noTexts(source: source.name) }
        return BenchTexts(texts: texts, origin: "the lines of \(name)")
    }
}

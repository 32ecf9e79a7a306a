import Foundation
import TextInput

/// The texts a model benchmark encodes and where they came from.
struct BenchTexts {
    let texts: [String]
    /// Says where the texts came from, for the report.
    let origin: String

    /// `--input FILE`: an STS CSV (`.csv`: sentence1,sentence2,score) gives its distinct
    /// sentences in order of first appearance, as `eval sts` encodes them; any other file
    /// gives its non-empty lines. Without a file, the built-in sentences.
    static func read(path: String?) throws -> BenchTexts {
        guard let path else {
            return BenchTexts(texts: BuiltInSentences.texts, origin: "the built-in sentences")
        }
        let source = try InputSource.file(path)
        let name = URL(fileURLWithPath: path).lastPathComponent
        if path.lowercased().hasSuffix(".csv") {
            var seen: Set<String> = []
            var texts: [String] = []
            for pair in try STSPairs.read(source) {
                for sentence in [pair.first, pair.second] where seen.insert(sentence).inserted {
                    texts.append(sentence)
                }
            }
            return BenchTexts(texts: texts, origin: "the distinct sentences of \(name)")
        }
        let texts = try PlainLinesReader.records(in: source, skipEmpty: true).map(\.text)
        guard !texts.isEmpty else { throw CLIError.emptyInput(source: source.name) }
        return BenchTexts(texts: texts, origin: "the lines of \(name)")
    }
}

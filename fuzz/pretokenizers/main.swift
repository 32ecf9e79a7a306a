// fuzz: module=Tokenization max_len=4096
import Foundation
import StrictJSON

/// libFuzzer entry for the pre-tokenizers: one input is `settings byte, a tokenizer.json
/// pre_tokenizer section 0x1E text`. The section may be any of Metaspace (replacement,
/// prepend_scheme, split, add_prefix_space), Sequence, Split (String or Regex pattern, every
/// behavior, invert), Whitespace, WhitespaceSplit, Digits, Punctuation, ByteLevel, BertPreTokenizer.
/// The rest of the pipeline is tiny-xlmr-unigram's (read once): its Precompiled normalizer
/// (skipped when settings bit 0 is set, so the pre-tokenizer sees raw spaces) and its Unigram model.
///
/// Checks: the section gives a pre-tokenizer or a `TokenizationError`; its pieces are non-empty,
/// in order, inside the buffer, their origins inside the text and never decreasing; a second
/// pass gives the same pieces; the Unigram tokens of every piece have ids of the vocabulary and
/// spans inside the text whose starts and ends never decrease.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPreTokenizers(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    guard let settings = bytes.first else { return 0 }
    let parts = bytes.dropFirst().split(separator: 0x1E, maxSplits: 1, omittingEmptySubsequences: false)
    let section = Array(parts.first ?? [])
    let text = String(decoding: parts.count > 1 ? parts[1] : [], as: UTF8.self)

    guard let value = try? JSONParser.parse(section) else { return 0 }
    let preTokenizer: any PreTokenizer
    do {
        preTokenizer = try PreTokenizerReader.read(value, field: "pre_tokenizer", in: JSONDocument(file: "tokenizer.json", root: value))
    } catch {
        return 0
    }

    let pipeline = FuzzUnigramPipeline.shared
    let original = Array(text.unicodeScalars)
    let normalizer = settings & 1 == 0 ? pipeline.normalizer : nil
    let normalized = normalizer?.normalize(original, range: original.indices) ?? NormalizedText(original, range: original.indices)
    var pieces = PreTokenizedText(normalized, range: normalized.scalars.indices)
    preTokenizer.preTokenize(&pieces)
    var again = PreTokenizedText(normalized, range: normalized.scalars.indices)
    preTokenizer.preTokenize(&again)
    fuzzCheck(again.pieces == pieces.pieces && again.text.scalars == pieces.text.scalars, "a second pass gave other pieces")

    let buffer = pieces.text
    fuzzCheck(buffer.origins.count == buffer.scalars.count, "\(buffer.origins.count) origins for \(buffer.scalars.count) scalars")
    var previousEnd = 0
    var previousOrigin = 0
    for piece in pieces.pieces {
        fuzzCheck(!piece.isEmpty && piece.lowerBound >= previousEnd && piece.upperBound <= buffer.count,
                  "piece \(piece) after \(previousEnd) in a buffer of \(buffer.count)")
        previousEnd = piece.upperBound
        for index in piece {
            let origin = buffer.origins[index]
            fuzzCheck(origin >= 0 && origin < original.count, "origin \(origin) outside \(original.count) scalars")
            fuzzCheck(origin >= previousOrigin, "origin \(origin) after \(previousOrigin)")
            previousOrigin = origin
        }
    }

    var tokens: [Token] = []
    var scratch = ModelScratch()
    for piece in pieces.pieces {
        pipeline.model.tokenize(piece, of: buffer, into: &tokens, scratch: &scratch)
    }
    var previous = (start: 0, end: 0)
    for token in tokens {
        fuzzCheck(pipeline.ids.contains(token.id), "id \(token.id) not in the vocabulary")
        fuzzCheck(0 <= token.start && token.start <= token.end && token.end <= original.count,
                  "span \(token.start)..<\(token.end) outside \(original.count) scalars")
        fuzzCheck(token.start >= previous.start && token.end >= previous.end,
                  "span \(token.start)..<\(token.end) before \(previous.start)..<\(previous.end)")
        previous = (token.start, token.end)
    }
    return 0
}

/// tiny-xlmr-unigram's normalizer and model, read once from the fixture.
struct FuzzUnigramPipeline: Sendable {
    let normalizer: any TextNormalizer
    let model: any TokenizationModel
    let ids: Set<Int32>

    static let shared: FuzzUnigramPipeline = {
        let path = "Tests/Fixtures/models/tiny-xlmr-unigram/tokenizer.json"
        do {
            let document = try JSONDocument.read(URL(fileURLWithPath: path), recordRead: { _, _ in })
            guard let model = document.root["model"], let normalizer = document.root["normalizer"] else {
                throw TokenizationError.missingField(file: path, field: "model or normalizer")
            }
            let read = try ModelReader.read(model, field: "model", in: document)
            return FuzzUnigramPipeline(normalizer: try NormalizerReader.read(normalizer, field: "normalizer", in: document),
                                       model: read, ids: Set(read.vocabulary.map(\.id)))
        } catch {
            FileHandle.standardError.write(Data("fuzz pretokenizers: run from the package root (\(path)): \(error)\n".utf8))
            exit(2)
        }
    }()
}

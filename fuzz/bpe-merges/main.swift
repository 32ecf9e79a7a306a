// fuzz: module=Tokenization max_len=4096
import Foundation
import StrictJSON

/// libFuzzer entry for BPE merges: one input is `settings byte, merge lines 0x1E text`.
///
/// Each merge line "a b" (byte characters or any text) becomes a merge, its two sides and their
/// concatenation added to a vocabulary that also holds the 256 byte characters; the first byte
/// switches on the continuing-subword prefix "##", the end-of-word suffix "</w>", fuse_unk,
/// byte_fallback and ignore_merges. The text is split by the GPT-2 pattern and spelled in bytes.
///
/// Checks: the model builds (or refuses with a `BuildError`); every word's pieces tile it in
/// order with ids of the vocabulary; the second pass (served by the word cache) gives the same
/// pieces; without prefix and suffix the pieces' texts concatenate to the word, so the ByteLevel
/// decoder gives the text back. The same lines as a tokenizer.json `merges` array read through
/// `BPEModelReader` load or throw a `TokenizationError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBPEMerges(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    guard let settings = bytes.first else { return 0 }
    let parts = bytes.dropFirst().split(separator: 0x1E, maxSplits: 1, omittingEmptySubsequences: false)
    let mergeText = String(decoding: parts.first ?? [], as: UTF8.self)
    let text = String(decoding: parts.count > 1 ? parts[1] : [], as: UTF8.self)

    var options = BPEModel.Options()
    if settings & 1 != 0 { options.continuingSubwordPrefix = "##" }
    if settings & 2 != 0 { options.endOfWordSuffix = "</w>" }
    options.fusesUnknown = settings & 4 != 0
    options.byteFallback = settings & 8 != 0
    options.ignoresMerges = settings & 16 != 0
    options.unknownToken = settings & 32 != 0 ? "<unk>" : nil
    let decorated = options.continuingSubwordPrefix != nil || options.endOfWordSuffix != nil

    var vocabulary: [(token: String, id: Int32)] = []
    var known = Set<[UInt8]>()
    func add(_ token: String) {
        if known.insert(Array(token.utf8)).inserted { vocabulary.append((token, Int32(vocabulary.count))) }
    }
    for character in ByteLevelAlphabet.characterForByte { add(String(character)) }
    add("<unk>")
    for byte in 0...255 { add(BPEModel.byteTokenName(UInt8(byte))) }
    var merges: [(String, String)] = []
    for line in mergeText.split(separator: "\n").prefix(200) {
        let sides = line.split(separator: " ", maxSplits: 1).map(String.init)
        guard sides.count == 2 else { continue }
        merges.append((sides[0], sides[1]))
        add(sides[0])
        add(sides[1])
        let prefixLength = options.continuingSubwordPrefix?.utf8.count ?? 0
        if sides[1].utf8.count >= prefixLength {
            add(sides[0] + String(decoding: Array(sides[1].utf8)[prefixLength...], as: UTF8.self))
        }
    }

    let model: BPEModel
    do {
        model = try BPEModel(vocabulary: vocabulary, merges: merges, options: options)
    } catch {
        return 0
    }
    let scalars = Array(text.unicodeScalars)
    var scratch = BPEScratch()
    var spelled: [String] = []
    GPT2PatternSplitter.forEachPiece(in: scalars[...]) { range in
        var word: [Unicode.Scalar] = []
        for scalar in scalars[range] {
            UTF8.encode(scalar) { word.append(ByteLevelAlphabet.characterForByte[Int($0)]) }
        }
        var passes: [[BPEPiece]] = []
        for _ in 0..<2 {
            var pieces: [BPEPiece] = []
            model.forEachPiece(of: word[...], scratch: &scratch) { pieces.append($0) }
            passes.append(pieces)
        }
        fuzzCheck(passes[0] == passes[1], "the cached pieces differ from the first: \(passes)")
        var expectedStart: Int32 = 0
        for piece in passes[0] {
            fuzzCheck(model.token(for: piece.id) != nil, "id \(piece.id) not in the vocabulary")
            fuzzCheck(piece.start <= piece.end && piece.end <= Int32(word.count), "piece \(piece.start)..<\(piece.end) outside \(word.count)")
            // Byte tokens of one scalar share its span; otherwise pieces follow each other.
            fuzzCheck(piece.start == expectedStart || piece.start == expectedStart - 1, "piece starts at \(piece.start), expected \(expectedStart)")
            expectedStart = piece.end
        }
        if !decorated {
            fuzzCheck(expectedStart == Int32(word.count), "pieces end at \(expectedStart) of \(word.count)")
            spelled.append(contentsOf: passes[0].compactMap { model.token(for: $0.id) })
        }
    }
    if !decorated {
        let decoded = ByteLevelDecoder.decode(spelled)
        fuzzCheck(decoded.unicodeScalars.elementsEqual(text.unicodeScalars), "decoded \(decoded.debugDescription) from \(text.debugDescription)")
    }

    // The same merges as JSON, through the reader: a model or a TokenizationError, never a trap.
    let vocabJSON = vocabulary.map { "\(jsonString($0.token)): \($0.id)" }.joined(separator: ",")
    let mergesJSON = mergeText.split(separator: "\n", omittingEmptySubsequences: false).prefix(200).map { jsonString(String($0)) }.joined(separator: ",")
    let json = #"{"type": "BPE", "vocab": {\#(vocabJSON)}, "merges": [\#(mergesJSON)]}"#
    if let value = try? JSONParser.parse(Array(json.utf8)) {
        _ = try? BPEModelReader.read(value, in: JSONDocument(file: "tokenizer.json", root: value))
    }
    return 0
}

/// `text` as a JSON string literal.
private func jsonString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case " "..."~": result.unicodeScalars.append(scalar)
        default: for unit in String(scalar).utf16 { result += String(format: "\\u%04x", unit) }
        }
    }
    return result + "\""
}

import StrictJSON

/// HF `Precompiled`: SentencePiece's compiled normalization rules (e.g. nmt_nfkc), applied as
/// the tokenizers library applies them: grapheme by grapheme, a grapheme shorter than 6 UTF-8
/// bytes is replaced whole when the charsmap has a rule for it; otherwise each scalar is
/// replaced by its own rule or kept.
struct PrecompiledNormalizer: TextNormalizer {
    let charsmap: PrecompiledCharsmap
    /// The rule for each single ASCII scalar (nil: kept), looked up once at load.
    private let asciiRules: [[Unicode.Scalar]?]

    init(charsmap: PrecompiledCharsmap) {
        self.charsmap = charsmap
        asciiRules = (0..<128).map { charsmap.replacement(for: CollectionOfOne(UInt8($0))) }
    }

    init(_ value: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) {
        let charsmapField = field + ".precompiled_charsmap"
        guard let base64 = try document.string(value["precompiled_charsmap"], field: charsmapField) else {
            throw .missingField(file: document.file, field: charsmapField)
        }
        do {
            self.init(charsmap: try PrecompiledCharsmap(base64: base64))
        } catch {
            let reason = switch error {
            case .notBase64: "is not valid base64"
            case let .truncatedHeader(length): "is truncated: \(length) bytes, shorter than its 4-byte trie size"
            case let .trieLargerThanBlob(declared, available):
                "declares a \(declared)-byte trie but only \(available) bytes follow its size"
            case .emptyTrie: "has an empty trie"
            case .replacementsNotUTF8: "has replacement strings that are not valid UTF-8"
            }
            throw .invalidField(file: document.file, field: charsmapField, reason: reason)
        }
    }

    func normalize(_ text: inout NormalizedText) {
        var changes: [(Unicode.Scalar, Int)] = []
        changes.reserveCapacity(text.count)
        var modified = false
        var bytes: [UInt8] = []
        var string = ""
        string.unicodeScalars.append(contentsOf: text.scalars)
        for grapheme in string {
            let scalars = grapheme.unicodeScalars
            if scalars.count == 1, let only = scalars.first, only.value < 0x80 {
                if let rule = asciiRules[Int(only.value)] {
                    modified = true
                    Self.replace(&changes, oldCount: 1, with: rule)
                } else {
                    changes.append((only, 0))
                }
                continue
            }
            bytes.removeAll(keepingCapacity: true)
            for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
            if bytes.count < 6, let rule = charsmap.replacement(for: bytes) {
                modified = true
                Self.replace(&changes, oldCount: scalars.count, with: rule)
                continue
            }
            for scalar in scalars {
                bytes.removeAll(keepingCapacity: true)
                UTF8.encode(scalar) { bytes.append($0) }
                if let rule = charsmap.replacement(for: bytes) {
                    modified = true
                    Self.replace(&changes, oldCount: 1, with: rule)
                } else {
                    changes.append((scalar, 0))
                }
            }
        }
        if modified { text.transform(changes) }
    }

    /// Records `oldCount` scalars becoming `new`, as precompiled.rs's `replace`: extra scalars
    /// are insertions; when fewer come out, the last change recorded (possibly an earlier
    /// scalar's) absorbs the removal.
    private static func replace(_ changes: inout [(Unicode.Scalar, Int)], oldCount: Int, with new: [Unicode.Scalar]) {
        let start = changes.count
        for scalar in new { changes.append((scalar, 0)) }
        let difference = new.count - oldCount
        if difference > 0 {
            for index in (changes.count - difference)..<changes.count where index >= start { changes[index].1 = 1 }
        } else if difference < 0, !changes.isEmpty {
            changes[changes.count - 1].1 += difference
        }
    }
}

import StrictJSON

/// HF `Metaspace`: every space becomes `replacement` ("▁"), a replacement is put before a piece
/// that does not start with one (always, only the piece at the start of the text, or never),
/// then, with `split`, each replacement starts a new piece.
struct MetaspacePreTokenizer: PreTokenizer {
    enum PrependScheme: String { case always, first, never }

    let replacement: Unicode.Scalar
    let prependScheme: PrependScheme
    let split: Bool

    init(replacement: Unicode.Scalar, prependScheme: PrependScheme, split: Bool) {
        self.replacement = replacement
        self.prependScheme = prependScheme
        self.split = split
    }

    init(_ value: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) {
        guard let replacement = try document.scalar(value["replacement"], field: field + ".replacement") else {
            throw .missingField(file: document.file, field: field + ".replacement")
        }
        var scheme = PrependScheme.always
        if let name = try document.string(value["prepend_scheme"], field: field + ".prepend_scheme") {
            guard let parsed = PrependScheme(rawValue: name) else {
                throw .unsupported(file: document.file, field: field + ".prepend_scheme", value: TokenizationError.quote(name),
                                   expected: "always, first, never")
            }
            scheme = parsed
        }
        // The legacy `add_prefix_space: false` means "never" (and contradicts any other scheme).
        if try document.bool(value["add_prefix_space"], field: field + ".add_prefix_space") == false {
            guard scheme == .never || value["prepend_scheme"] == nil else {
                throw .invalidField(file: document.file, field: field + ".add_prefix_space",
                                    reason: "false does not match prepend_scheme \(scheme.rawValue)")
            }
            scheme = .never
        }
        self.init(replacement: replacement, prependScheme: scheme,
                  split: try document.bool(value["split"], field: field + ".split") ?? true)
    }

    func preTokenize(_ text: inout PreTokenizedText) {
        let replacement = self.replacement
        text.rewrite { piece, text, writer in
            let first = text.scalars[piece.lowerBound]
            let startsWithReplacement = first == " " || first == replacement
            let prepends = switch prependScheme {
            case .always: !startsWithReplacement
            case .first: !startsWithReplacement && text.origins[piece.lowerBound] == 0
            case .never: false
            }
            if prepends { writer.append(replacement, origin: text.origins[piece.lowerBound]) }
            for index in piece {
                let scalar = text.scalars[index] == " " ? replacement : text.scalars[index]
                // Split "merged with next": each replacement begins a new piece.
                if split && scalar == replacement { writer.endPiece() }
                writer.append(scalar, origin: text.origins[index])
            }
        }
    }
}

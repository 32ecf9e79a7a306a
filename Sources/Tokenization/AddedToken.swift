import StrictJSON

/// A token added on top of the model's vocabulary (e.g. "[CLS]", "<mask>"), matched before splitting.
struct AddedToken: Sendable {
    let id: Int32
    let content: String
    let isSpecial: Bool
    /// Matched against normalized text (with a normalized pattern) instead of the raw text.
    let isNormalized: Bool
    /// Only matches when not glued to word characters on either side.
    let isSingleWord: Bool
    /// Also swallows the whitespace on its left.
    let stripsLeft: Bool
    /// Also swallows the whitespace on its right.
    let stripsRight: Bool
}

/// Decodes one serialized `AddedToken` object (in tokenizer.json or added_tokens_decoder).
enum AddedTokenReader {
    static func read(_ value: JSONValue, id: Int32, field: String, in document: JSONDocument) throws(TokenizationError) -> AddedToken {
        guard try document.object(value, field: field) != nil else {
            throw .invalidField(file: document.file, field: field, reason: "must be an object")
        }
        guard let content = try document.string(value["content"], field: field + ".content") else {
            throw .missingField(file: document.file, field: field + ".content")
        }
        let isSpecial = try document.bool(value["special"], field: field + ".special") ?? false
        return AddedToken(
            id: id,
            content: content,
            isSpecial: isSpecial,
            // HF's AddedToken defaults to normalized unless special.
            isNormalized: try document.bool(value["normalized"], field: field + ".normalized") ?? !isSpecial,
            isSingleWord: try document.bool(value["single_word"], field: field + ".single_word") ?? false,
            stripsLeft: try document.bool(value["lstrip"], field: field + ".lstrip") ?? false,
            stripsRight: try document.bool(value["rstrip"], field: field + ".rstrip") ?? false)
    }
}

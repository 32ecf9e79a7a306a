import StrictJSON

/// Reads a `BPE` model section of tokenizer.json (`model` or a nested field) into a `BPEModel`,
/// with errors naming the file and the field (`model.merges[12]`).
enum BPEModelReader {
    private static let idRange = 0...Int(Int32.max)

    static func read(_ model: JSONValue, field: String = "model", in document: JSONDocument) throws(TokenizationError) -> BPEModel {
        guard let vocabularyMembers = try document.object(model["vocab"], field: field + ".vocab") else {
            throw .missingField(file: document.file, field: field + ".vocab")
        }
        var vocabulary: [(token: String, id: Int32)] = []
        vocabulary.reserveCapacity(vocabularyMembers.count)
        for member in vocabularyMembers {
            let entryField = "\(field).vocab.\(TokenizationError.quote(member.key))"
            guard let id = try document.integer(member.value, field: entryField, in: idRange) else {
                throw .invalidField(file: document.file, field: entryField, reason: "must be an integer id, not null")
            }
            vocabulary.append((member.key, Int32(id)))
        }
        guard let mergeValues = try document.array(model["merges"], field: field + ".merges") else {
            throw .missingField(file: document.file, field: field + ".merges")
        }
        let (merges, jsonIndex) = try readMerges(mergeValues, field: field + ".merges", in: document)
        let options = try readOptions(model, field: field, in: document)
        do {
            return try BPEModel(vocabulary: vocabulary, merges: merges, options: options)
        } catch {
            switch error {
            case let .duplicateToken(index):
                throw .duplicateToken(file: document.file, line: nil, token: vocabulary[index].token)
            case let .mergeTokenNotInVocabulary(index, token):
                throw .invalidField(file: document.file, field: "\(field).merges[\(jsonIndex[index])]",
                                    reason: "names \(TokenizationError.quote(token)), which is not in \(field).vocab")
            case let .mergeShorterThanPrefix(index, token):
                throw .invalidField(file: document.file, field: "\(field).merges[\(jsonIndex[index])]",
                                    reason: "has \(TokenizationError.quote(token)) on the right, shorter than the continuing_subword_prefix")
            case .tooLarge:
                throw .unreadableFile(file: document.file, reason: "BPE vocabulary or merges too large")
            }
        }
    }

    /// Merges written as `["a", "b"]` pairs or as legacy `"a b"` strings (the library reads
    /// one form for the whole list; `#version` lines of merges.txt are skipped and not ranked).
    /// Returns the pairs in rank order and, for each, its index in the JSON array.
    private static func readMerges(_ values: [JSONValue], field: String,
                                   in document: JSONDocument) throws(TokenizationError) -> ([(String, String)], [Int]) {
        var merges: [(String, String)] = []
        var jsonIndex: [Int] = []
        merges.reserveCapacity(values.count)
        jsonIndex.reserveCapacity(values.count)
        let legacy = values.first?.stringValue != nil
        for (index, value) in values.enumerated() {
            let entryField = "\(field)[\(index)]"
            if legacy {
                guard let line = value.stringValue else {
                    throw .invalidField(file: document.file, field: entryField,
                                        reason: "must be a string like the other merges, not \(value.kindName)")
                }
                if line.utf8.starts(with: "#version".utf8) { continue }
                // Split on the space byte: splitting the `String` would keep a space followed by
                // a combining mark inside one Character.
                let parts = line.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw .invalidField(file: document.file, field: entryField,
                                        reason: "must be two tokens separated by one space, not \(TokenizationError.quote(line))")
                }
                merges.append((String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self)))
            } else {
                guard case let .array(pair) = value, pair.count == 2,
                      let left = pair[0].stringValue, let right = pair[1].stringValue else {
                    throw .invalidField(file: document.file, field: entryField, reason: "must be a pair of two token strings")
                }
                merges.append((left, right))
            }
            jsonIndex.append(index)
        }
        return (merges, jsonIndex)
    }

    private static func readOptions(_ model: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) -> BPEModel.Options {
        var options = BPEModel.Options()
        options.unknownToken = try document.string(model["unk_token"], field: field + ".unk_token")
        options.continuingSubwordPrefix = try document.string(model["continuing_subword_prefix"], field: field + ".continuing_subword_prefix")
        options.endOfWordSuffix = try document.string(model["end_of_word_suffix"], field: field + ".end_of_word_suffix")
        options.fusesUnknown = try document.bool(model["fuse_unk"], field: field + ".fuse_unk") ?? false
        options.byteFallback = try document.bool(model["byte_fallback"], field: field + ".byte_fallback") ?? false
        options.ignoresMerges = try document.bool(model["ignore_merges"], field: field + ".ignore_merges") ?? false
        if let dropout = model["dropout"], !dropout.isNull {
            guard case let .number(number) = dropout, (0...1).contains(number.double) else {
                throw .invalidField(file: document.file, field: field + ".dropout", reason: "must be a number in 0...1 or null")
            }
            // The library draws a random number per merge whenever dropout is above 0; at 1
            // every draw drops the merge, which is deterministic again.
            if number.double == 1 {
                options.dropsEveryMerge = true
            } else if number.double > 0 {
                throw .unsupported(file: document.file, field: field + ".dropout", value: number.text,
                                   expected: "null, 0 or 1: BPE dropout makes tokenization random and Semblance is deterministic")
            }
        }
        return options
    }
}

import Foundation
import StrictJSON

/// A sentence-transformers configuration file, read with the strict parser (keys compared
/// byte for byte, as Python's json does, not by String's canonical equivalence).
///
/// Every configuration Semblance reads goes through here, so a mistyped field is an error
/// naming the file and the field instead of silently becoming a default.
struct ConfigFile {
    let url: URL
    let root: JSONValue

    static func exists(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Reads and parses `url`; `record` is called with the file and the exact bytes parsed
    /// (for model fingerprints).
    static func read(_ url: URL, record: (URL, [UInt8]) -> Void) throws -> ConfigFile {
        guard exists(url) else { throw EmbeddingError.missingFile(path: url.path) }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw EmbeddingError.unreadableJSON(path: url.path, reason: "cannot read the file")
        }
        record(url, bytes)
        do {
            return ConfigFile(url: url, root: try JSONParser.parse(bytes))
        } catch {
            throw EmbeddingError.unreadableJSON(path: url.path, reason: "line \(error.line): \(error.reason)")
        }
    }

    /// The document as an object.
    func object() throws -> ConfigObject {
        try ConfigObject(path: url.path, field: nil, value: root)
    }

    /// The document as an array of objects (modules.json), each named `[index]` in errors.
    func arrayOfObjects() throws -> [ConfigObject] {
        guard case let .array(elements) = root else {
            throw EmbeddingError.wrongDocumentType(path: url.path, expected: "an array", found: root.kindName)
        }
        return try elements.enumerated().map { index, element in
            try ConfigObject(path: url.path, field: "[\(index)]", value: element)
        }
    }
}

/// Typed access to one JSON object of a configuration file. Fields not asked for are
/// ignored (as Python's `dict` lookups in sentence-transformers ignore them); an absent
/// field or `null` is "not given" (Python's `config.get(key)` → None).
struct ConfigObject {
    /// The file, for error messages.
    let path: String
    /// Where this object sits in the file (`[0]`, `prompts`), nil for the root.
    let field: String?
    private let value: JSONValue

    init(path: String, field: String?, value: JSONValue) throws {
        guard case .object = value else {
            if let field {
                throw EmbeddingError.invalidField(path: path, field: field, reason: "must be an object (found \(value.kindName))")
            }
            throw EmbeddingError.wrongDocumentType(path: path, expected: "an object", found: value.kindName)
        }
        self.path = path
        self.field = field
        self.value = value
    }

    /// The field's name in error messages, e.g. `[1].path`.
    func name(_ key: String) -> String {
        guard let field else { return key }
        return key.hasPrefix("[") ? field + key : field + "." + key
    }

    /// The object's keys in file order, each once (a repeated key keeps its first place, as
    /// in a Python dict).
    var keys: [String] {
        guard case let .object(members) = value else { return [] }
        var seen = Set<[UInt8]>()
        return members.compactMap { seen.insert(Array($0.key.utf8)).inserted ? $0.key : nil }
    }

    /// The field's value unless it is absent or null.
    func given(_ key: String) -> JSONValue? {
        guard let member = value[key], !member.isNull else { return nil }
        return member
    }

    func missing(_ key: String) -> EmbeddingError {
        .invalidField(path: path, field: name(key), reason: "is missing")
    }

    func mistyped(_ key: String, _ found: JSONValue, expected: String) -> EmbeddingError {
        .invalidField(path: path, field: name(key), reason: "must be \(expected) (found \(found.kindName))")
    }

    func string(_ key: String) throws -> String {
        guard let string = try optionalString(key) else { throw missing(key) }
        return string
    }

    func optionalString(_ key: String) throws -> String? {
        guard let member = given(key) else { return nil }
        guard let string = member.stringValue else { throw mistyped(key, member, expected: "a string") }
        return string
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let member = given(key) else { return nil }
        guard let bool = member.boolValue else { throw mistyped(key, member, expected: "a boolean") }
        return bool
    }

    /// An integer (`256.0` counts, as Python's `int` comparisons accept it); `true` does not.
    func optionalInt(_ key: String) throws -> Int? {
        guard let member = given(key) else { return nil }
        guard let integer = member.integerValue else { throw mistyped(key, member, expected: "an integer") }
        return integer
    }

    func optionalObject(_ key: String) throws -> ConfigObject? {
        guard let member = given(key) else { return nil }
        return try ConfigObject(path: path, field: name(key), value: member)
    }

    /// A string or an array of strings (v5/v6 `pooling_mode`).
    func optionalStrings(_ key: String) throws -> [String]? {
        guard let member = given(key) else { return nil }
        if let string = member.stringValue { return [string] }
        guard case let .array(elements) = member else {
            throw mistyped(key, member, expected: "a string or an array of strings")
        }
        return try elements.enumerated().map { index, element in
            guard let string = element.stringValue else { throw mistyped("\(key)[\(index)]", element, expected: "a string") }
            return string
        }
    }
}

import Foundation

/// Reads a small JSON configuration file as a dictionary or array, with errors naming the file.
enum JSONFile {
    /// `record` is called with the file and the exact bytes parsed (for model fingerprints).
    static func object(at url: URL, record: (URL, [UInt8]) -> Void) throws -> [String: Any] {
        guard let object = try value(at: url, record: record) as? [String: Any] else {
            throw EmbeddingError.unreadableJSON(path: url.path, reason: "expected an object")
        }
        return object
    }

    static func array(at url: URL, record: (URL, [UInt8]) -> Void) throws -> [Any] {
        guard let array = try value(at: url, record: record) as? [Any] else {
            throw EmbeddingError.unreadableJSON(path: url.path, reason: "expected an array")
        }
        return array
    }

    static func exists(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    private static func value(at url: URL, record: (URL, [UInt8]) -> Void) throws -> Any {
        guard exists(url) else { throw EmbeddingError.missingFile(path: url.path) }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EmbeddingError.unreadableJSON(path: url.path, reason: "cannot read the file")
        }
        record(url, [UInt8](data))
        do {
            return try JSONSerialization.jsonObject(with: data)
        } catch {
            throw EmbeddingError.unreadableJSON(path: url.path, reason: "\(error.localizedDescription)")
        }
    }
}

import Foundation

/// Reads a small JSON configuration file as a dictionary or array, with errors naming the file.
enum JSONFile {
    static func object(at url: URL) throws -> [String: Any] {
        guard let object = try value(at: url) as? [String: Any] else {
            throw EmbeddingError.unreadableJSON(path: url.path, reason: "expected an object")
        }
        return object
    }

    static func array(at url: URL) throws -> [Any] {
        guard let array = try value(at: url) as? [Any] else {
            throw EmbeddingError.unreadableJSON(path: url.path, reason: "expected an array")
        }
        return array
    }

    static func exists(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    private static func value(at url: URL) throws -> Any {
        guard exists(url) else { throw EmbeddingError.missingFile(path: url.path) }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EmbeddingError.unreadableJSON(path: url.path, reason: "cannot read the file")
        }
        do {
            return try JSONSerialization.jsonObject(with: data)
        } catch {
            throw EmbeddingError.unreadableJSON(path: url.path, reason: "\(error.localizedDescription)")
        }
    }
}

import Foundation

/// `explore --replay FILE`: the session an export (`e`) or a saved session file holds.
public enum ReplayFile {
    /// Reads `path`: an export's JSON (its "session") or a session file. A file of a newer
    /// format says so; anything else names the file and what is wrong.
    public static func load(path: String) throws(SessionFileError) -> SavedExplorerSession {
        let data: Data
        switch SessionStore.read(path) {
        case .success(let bytes?): data = bytes
        case .success(nil): throw .fileSystem(path: path, operation: "replay it", reason: "no such file")
        case .failure(let error): throw error
        }
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard let object, object["format"] as? String == ViewExport.format else {
            return try SavedExplorerSession.decode(data, path: path)
        }
        if let version = object["version"] as? Int, version > SavedExplorerSession.formatVersion {
            throw .newerSession(path: path, version: version, supported: SavedExplorerSession.formatVersion)
        }
        guard let session = object["session"] as? [String: Any],
              let sessionData = try? JSONSerialization.data(withJSONObject: session) else {
            throw .damagedSession(path: path, reason: "an export without its \"session\" object")
        }
        return try SavedExplorerSession.decode(sessionData, path: path)
    }
}

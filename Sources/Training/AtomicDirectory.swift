import Foundation

/// Replaces a directory with a new one so that a crash or a full disk at any moment leaves
/// either the old directory or the new one whole: the new one is written beside it under
/// a temporary name, synced, then swapped in by renames.
enum AtomicDirectory {
    /// Writes one file's bytes (a seam: tests inject a writer that fails like a full disk).
    typealias FileWriter = (Data, URL) throws -> Void

    /// Writes `files` (name → bytes) as `directory`, replacing what was there.
    static func replace(_ directory: URL, with files: [(String, Data)], writer: FileWriter = { try $0.write(to: $1) }) throws {
        let manager = FileManager.default
        let parent = directory.deletingLastPathComponent()
        let partial = parent.appendingPathComponent("." + directory.lastPathComponent + ".partial")
        let old = parent.appendingPathComponent("." + directory.lastPathComponent + ".old")
        do {
            try? manager.removeItem(at: partial)
            try manager.createDirectory(at: partial, withIntermediateDirectories: true)
            for (name, bytes) in files {
                let url = partial.appendingPathComponent(name)
                try writer(bytes, url)
                try sync(url)
            }
            try? manager.removeItem(at: old)
            if manager.fileExists(atPath: directory.path) { try manager.moveItem(at: directory, to: old) }
            try manager.moveItem(at: partial, to: directory)
            try? manager.removeItem(at: old)
        } catch {
            try? manager.removeItem(at: partial)
            // A swap that failed half-way: put the previous directory back.
            if !manager.fileExists(atPath: directory.path), manager.fileExists(atPath: old.path) {
                try? manager.moveItem(at: old, to: directory)
            }
            throw TrainingError.writeFailed(path: directory.path, reason: error.localizedDescription)
        }
    }

    /// The directory itself, or its previous version if a swap was interrupted between renames.
    static func existing(_ directory: URL) -> URL? {
        let manager = FileManager.default
        if manager.fileExists(atPath: directory.path) { return directory }
        let old = directory.deletingLastPathComponent().appendingPathComponent("." + directory.lastPathComponent + ".old")
        return manager.fileExists(atPath: old.path) ? old : nil
    }

    private static func sync(_ url: URL) throws {
        let handle = try FileHandle(forUpdating: url)
        defer { try? handle.close() }
        try handle.synchronize()
    }
}

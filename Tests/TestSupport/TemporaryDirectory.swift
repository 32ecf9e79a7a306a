import Foundation

/// A fresh directory under the system temporary folder, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init(_ label: String = "semblance-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Copies a directory (e.g. a fixture model) inside, to modify it freely.
    public func copy(_ source: URL, as name: String) throws -> URL {
        let destination = path(name)
        try FileManager.default.copyItem(at: source, to: destination)
        try makeWritable(destination)
        return destination
    }

    public func write(_ text: String, to name: String) throws -> URL {
        let file = path(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    private func makeWritable(_ url: URL) throws {
        let manager = FileManager.default
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        guard let items = manager.enumerator(at: url, includingPropertiesForKeys: nil) else { return }
        for case let item as URL in items {
            try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: item.path)
        }
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

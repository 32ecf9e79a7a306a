import Foundation

/// A fresh directory under the system temporary folder, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init(_ label: String = "semblance-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Copies a directory (e.g. a fixture model) inside, to modify it freely.
    public func copy(_ source: URL, as name: String) throws -> URL {
        let destination = file(name)
        try FileManager.default.copyItem(at: source, to: destination)
        try makeWritable(destination)
        return destination
    }

    /// Writes `contents` as UTF-8 to `name` inside the directory.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> URL {
        try write(name, bytes: Array(contents.utf8))
    }

    /// Writes raw bytes to `name` inside the directory.
    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let destination = file(name)
        try Data(bytes).write(to: destination)
        return destination
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

import Digest
import Foundation

/// The SHA-256 of every file the loaders read for a model (tokenizer, configurations, module
/// configs), keyed by path relative to the model directory. The loaders report each file
/// with the very bytes they parsed, so the set hashed is exactly the set read.
final class ModelFileDigests {
    private let rootPath: String
    private(set) var digests: [String: String] = [:]

    init(root: URL) {
        rootPath = root.standardizedFileURL.path
    }

    /// Records `bytes` as the contents of `url`; a file read twice keeps its last bytes.
    func record(_ url: URL, _ bytes: [UInt8]) {
        digests[relativePath(url)] = SHA256.hash(bytes).hex
    }

    /// `url`'s path under the model directory, or its full path when outside it.
    private func relativePath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let prefix = rootPath.hasSuffix("/") ? rootPath : rootPath + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

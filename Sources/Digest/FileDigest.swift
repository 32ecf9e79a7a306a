import Foundation

/// Why a file could not be hashed.
public enum DigestError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read \(path) to hash it: \(reason)"
        }
    }
}

extension SHA256 {
    /// The digest of a file's contents, read in 1 MiB chunks so memory stays flat.
    public static func hash(fileAt url: URL) throws -> SHA256Digest {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw DigestError.unreadable(path: url.path, reason: "no such file or not readable")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw DigestError.unreadable(path: url.path, reason: "\(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            chunk.withUnsafeBytes { hasher.update($0) }
        }
        return hasher.finalize()
    }
}

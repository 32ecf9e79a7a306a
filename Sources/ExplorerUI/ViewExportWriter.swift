import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes an export as `semblance-export-YYYYMMDD-HHMMSS.json` and `.csv` (UTC) in a
/// directory, each atomically (a temporary file flushed, then renamed), never over an
/// existing export: a second export in the same second gets `-2`, `-3`, ….
public struct ViewExportWriter: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The two files written.
    public struct Written: Hashable, Sendable {
        public let json: String
        public let csv: String
    }

    public func write(_ export: ViewExport, at time: Date = Date()) throws(SessionFileError) -> Written {
        var status = stat()
        guard stat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw .fileSystem(path: directory, operation: "export into it", reason: "not a directory")
        }
        let stem = Self.stem(at: time)
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for attempt in 1...1000 {
            let base = prefix + stem + (attempt == 1 ? "" : "-\(attempt)")
            let written = Written(json: base + ".json", csv: base + ".csv")
            var existing = stat()
            if lstat(written.json, &existing) == 0 || lstat(written.csv, &existing) == 0 { continue }
            try SessionStore.replace(written.json, with: Data(export.json().utf8))
            try SessionStore.replace(written.csv, with: Data(export.csv().utf8))
            return written
        }
        throw .fileSystem(path: prefix + stem + ".json", operation: "export", reason: "1000 exports this second already")
    }

    /// `semblance-export-20261130-120501` for a time (UTC).
    static func stem(at time: Date) -> String {
        var seconds = time_t(time.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "semblance-export-\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))-"
            + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))"
    }
}

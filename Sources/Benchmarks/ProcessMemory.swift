import Foundation

/// This process's memory use as Linux reports it in `/proc/self/status`.
public enum ProcessMemory {
    /// Peak resident set size (`VmHWM`) in bytes, or nil where /proc is not available.
    public static func peakResidentBytes() -> Int? { statusField("VmHWM") }

    /// Current resident set size (`VmRSS`) in bytes, or nil where /proc is not available.
    public static func residentBytes() -> Int? { statusField("VmRSS") }

    /// A `Name:   1234 kB` line of /proc/self/status, in bytes.
    private static func statusField(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}

import Foundation

/// The processors this process may run on (Linux's affinity mask), which Foundation's
/// processor count does not consider.
enum ProcessorAffinity {
    /// How many processors the mask allows, from `Cpus_allowed` in /proc/self/status
    /// (comma-separated 32-bit hex words); nil where that cannot be read.
    static var allowedCount: Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        let words = line.dropFirst("Cpus_allowed:".count).trimmingCharacters(in: .whitespaces).split(separator: ",")
        var count = 0
        for word in words {
            guard let bits = UInt32(word, radix: 16) else { return nil }
            count += bits.nonzeroBitCount
        }
        return count > 0 ? count : nil
    }
}

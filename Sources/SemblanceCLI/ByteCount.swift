import Foundation

/// Sizes for people: 1.5 MB, 12 kB, 300 B.
enum ByteCount {
    static func text(_ bytes: Int) -> String {
        let units: [(Double, String)] = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        for (size, unit) in units where Double(bytes) >= size {
            return String(format: "%.1f %@", Double(bytes) / size, unit)
        }
        return "\(bytes) B"
    }
}

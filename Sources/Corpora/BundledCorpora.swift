import Foundation

/// Finds the corpora that ship in `samples/`: next to the working directory, or up from the
/// executable (`.build/<triple>/release/semblance` lives three levels below the checkout).
public enum BundledCorpora {
    /// The teaching corpus' name in the cache, and the one `explore` opens by default.
    public static let teaching = "teaching"

    /// name → file, for the bundled corpora that can be found.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: URL] {
        var roots: [URL] = []
        if let samples = environment["SEMBLANCE_SAMPLES"], !samples.isEmpty {
            roots.append(URL(fileURLWithPath: samples))
        }
        roots.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("samples"))
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            var directory = executable.deletingLastPathComponent()
            for _ in 0..<5 {
                roots.append(directory.appendingPathComponent("samples"))
                directory = directory.deletingLastPathComponent()
            }
        }
        for root in roots {
            let file = root.appendingPathComponent("teaching.txt")
            if FileManager.default.isReadableFile(atPath: file.path) { return [teaching: file] }
        }
        return [:]
    }
}

import Foundation
import Testing

/// Compares `text` with `Snapshots/<name>.txt`; with `SEMBLANCE_RECORD_SNAPSHOTS=1` in the
/// environment it (re)writes the file instead, and fails when that changed the file, so a
/// recording run can never pass for a check (rerun without the variable).
func expectSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent("\(name).txt")
    let recording = ProcessInfo.processInfo.environment["SEMBLANCE_RECORD_SNAPSHOTS"] == "1"
    if recording {
        let before = try? String(contentsOf: file, encoding: .utf8)
        guard before != text + "\n" else { return }
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            try (text + "\n").write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded snapshot \(name): check the diff, then run again without SEMBLANCE_RECORD_SNAPSHOTS",
                         sourceLocation: sourceLocation)
        } catch {
            Issue.record("cannot write snapshot \(file.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let stored = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("missing snapshot \(file.lastPathComponent): run with SEMBLANCE_RECORD_SNAPSHOTS=1",
                     sourceLocation: sourceLocation)
        return
    }
    let expected = stored.hasSuffix("\n") ? String(stored.dropLast()) : stored
    if expected != text {
        Issue.record("snapshot \(name) differs.\n--- expected\n\(expected)\n--- actual\n\(text)",
                     sourceLocation: sourceLocation)
    }
}

/// A rendered grid framed so trailing blanks and the size are visible in snapshot files.
func framed(_ text: String, columns: Int) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let border = "+" + String(repeating: "-", count: columns) + "+"
    return ([border] + lines.map { "|" + $0 } + [border]).joined(separator: "\n")
}

import Foundation
import Testing
import TestSupport

/// The help of every command, word for word: help text is part of the interface, so a
/// changed flag, default or wording shows up in review as a changed file in HelpText/.
/// `SEMBLANCE_RECORD_SNAPSHOTS=1` rewrites the files (and fails, so a recording never passes).
@Suite struct HelpTextTests {
    private static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("HelpText")

    /// `semblance [path…] --help` at a fixed width.
    private static func help(_ path: [String]) throws -> CommandResult {
        try CommandRunner.semblance(path + ["--help"], environment: ["COLUMNS": "100"])
    }

    /// Every command path, found by walking the SUBCOMMANDS sections from the root.
    private static func commandPaths() throws -> [[String]] {
        var found: [[String]] = []
        var queue: [[String]] = [[]]
        while let path = queue.first {
            queue.removeFirst()
            found.append(path)
            let text = try help(path).stdout
            guard let section = text.range(of: "SUBCOMMANDS:\n") else { continue }
            for line in text[section.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
                // "  name   abstract": two spaces, then the name; continuation lines are indented further.
                guard line.hasPrefix("  "), !line.hasPrefix("   "),
                      let name = line.dropFirst(2).split(separator: " ").first,
                      name != "See" else { continue }
                queue.append(path + [String(name)])
            }
        }
        return found
    }

    private static func fileName(_ path: [String]) -> String {
        (["semblance"] + path).joined(separator: "-") + ".txt"
    }

    @Test func everyCommandsHelpMatchesItsRecordedText() throws {
        let paths = try Self.commandPaths()
        #expect(paths.count > 20, "found only \(paths.map { $0.joined(separator: " ") })")
        let recording = ProcessInfo.processInfo.environment["SEMBLANCE_RECORD_SNAPSHOTS"] == "1"
        for path in paths {
            let result = try Self.help(path)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(path): status \(result.status), \(result.stderr)")
            let file = Self.directory.appendingPathComponent(Self.fileName(path))
            let recorded = try? String(contentsOf: file, encoding: .utf8)
            guard recorded != result.stdout else { continue }
            if recording {
                try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
                try result.stdout.write(to: file, atomically: true, encoding: .utf8)
                Issue.record("recorded \(file.lastPathComponent): check the diff, then run again without SEMBLANCE_RECORD_SNAPSHOTS")
            } else if let recorded {
                Issue.record("help of `semblance \(path.joined(separator: " "))` changed.\n--- recorded\n\(recorded)\n--- now\n\(result.stdout)")
            } else {
                Issue.record("no recorded help for `semblance \(path.joined(separator: " "))`: run with SEMBLANCE_RECORD_SNAPSHOTS=1")
            }
        }
        // A command that went away must take its recorded help with it.
        let expected = Set(paths.map(Self.fileName))
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: Self.directory.path))
        #expect(files.subtracting(expected).isEmpty, "help recorded for commands that no longer exist: \(files.subtracting(expected).sorted())")
    }
}

import Foundation
import TextOutput

/// Progress of long work on stderr: a redrawn bar (count, rate, ETA) on a terminal, a plain
/// line every few seconds otherwise, nothing when quiet. Results stay on stdout.
final class ProgressReporter {
    private let label: String
    private let total: Int
    private let quiet: Bool
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var lastReport = Date.distantPast
    private(set) var done = 0

    init(_ label: String, total: Int, quiet: Bool = false) {
        self.label = TerminalText.visible(label)  // it may name a corpus
        self.total = total
        self.quiet = quiet
    }

    func advance(by count: Int) {
        done += count
        let now = Date()
        let interval = isTerminal ? 0.1 : 5.0
        guard !quiet, total > 0, now.timeIntervalSince(lastReport) >= interval || done >= total else { return }
        lastReport = now
        let elapsed = max(now.timeIntervalSince(started), 1e-6)
        let rate = Double(done) / elapsed
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let counts = "\(done)/\(total)  \(Int(rate.rounded()))/s  ETA \(Self.duration(eta))"
        if isTerminal {
            let width = 24
            let filled = min(width, width * done / total)
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) \(bar) \(counts)\u{1B}[K".utf8))
        } else {
            FileHandle.standardError.write(Data("\(label): \(counts)\n".utf8))
        }
    }

    /// Ends the bar's line and says how long the whole took.
    func finish() {
        guard !quiet else { return }
        let elapsed = Date().timeIntervalSince(started)
        let end = isTerminal ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data("\(end)\(label): \(done) in \(String(format: "%.1f", elapsed)) s\n".utf8))
    }

    private static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}

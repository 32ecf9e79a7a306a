import Foundation

/// Progress of long work on stderr: a redrawn bar (count, rate, ETA) on a terminal, a plain
/// line every few seconds otherwise, nothing when quiet. Results stay on stdout.
public final class ProgressReporter {
    private let label: String
    private let total: Int
    private let quiet: Bool
    private let isTerminal: Bool
    private let write: (String) -> Void
    private let started = Date()
    private var lastReport = Date.distantPast
    public private(set) var done = 0

    /// - Parameters:
    ///   - isTerminal: whether to redraw one bar in place (default: stderr is a terminal).
    ///   - write: where the text goes (default: stderr).
    public init(_ label: String, total: Int, quiet: Bool = false, isTerminal: Bool = isatty(STDERR_FILENO) == 1,
                write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = TerminalText.visible(label)  // it may name a corpus
        self.total = total
        self.quiet = quiet
        self.isTerminal = isTerminal
        self.write = write
    }

    public func advance(by count: Int) {
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
            write("\r\(label) \(bar) \(counts)\u{1B}[K")
        } else {
            write("\(label): \(counts)\n")
        }
    }

    /// Ends the bar's line and says how long the whole took.
    public func finish() {
        guard !quiet else { return }
        let elapsed = Date().timeIntervalSince(started)
        let end = isTerminal ? "\r\u{1B}[K" : ""
        write("\(end)\(label): \(done) in \(String(format: "%.1f", elapsed)) s\n")
    }

    private static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}

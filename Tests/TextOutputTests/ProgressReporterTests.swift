import Testing
import TextOutput

/// Progress lines: the first and the last always, none in between on a plain stream (every
/// 5 s at most), the bar redrawn in place on a terminal, nothing when quiet, labels made safe.
@Suite struct ProgressReporterTests {
    final class Lines: @unchecked Sendable {
        var written: [String] = []
    }

    @Test func plainStreamGetsTheFirstAndLastLinesAndATotal() {
        let lines = Lines()
        let progress = ProgressReporter("corpus\u{1B}[2J", total: 10, isTerminal: false) { lines.written.append($0) }
        for _ in 0..<10 { progress.advance(by: 1) }
        progress.finish()
        #expect(lines.written.count == 3, "\(lines.written)")
        #expect(lines.written[0].hasPrefix("corpus␛[2J: 1/10  "))
        #expect(lines.written[1].hasPrefix("corpus␛[2J: 10/10  ") && lines.written[1].hasSuffix("ETA 0s\n"))
        #expect(lines.written[2].hasPrefix("corpus␛[2J: 10 in ") && lines.written[2].hasSuffix(" s\n"))
        #expect(progress.done == 10)
    }

    @Test func terminalRedrawsOneBarInPlace() {
        let lines = Lines()
        let progress = ProgressReporter("index", total: 4, isTerminal: true) { lines.written.append($0) }
        progress.advance(by: 4)
        progress.finish()
        #expect(lines.written.first?.hasPrefix("\rindex " + String(repeating: "█", count: 24) + " 4/4") == true)
        #expect(lines.written.last?.hasPrefix("\r\u{1B}[Kindex: 4 in ") == true)
    }

    @Test func quietWritesNothing() {
        let lines = Lines()
        let progress = ProgressReporter("index", total: 2, quiet: true, isTerminal: false) { lines.written.append($0) }
        progress.advance(by: 2)
        progress.finish()
        #expect(lines.written.isEmpty && progress.done == 2)
    }
}

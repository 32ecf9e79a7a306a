import ExplorerUI
import Foundation
import TextOutput

extension ExplorerBenchmark.Result {
    /// What `semblance bench explore` prints: medians and percentiles of the keystrokes of
    /// `benchmark` with the model `model` of `dimension` components.
    public func report(of benchmark: ExplorerBenchmark<Engine>, model: String, dimension: Int) -> String {
        func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
        let updated = samples.map(\.updated)
        let corpusLine = corpus.map { "\(TerminalText.visible($0.name)), \($0.itemCount.formatted()) items" } ?? "none"
        let interval = benchmark.interval.components
        let intervalMilliseconds = interval.seconds * 1000 + interval.attoseconds / 1_000_000_000_000_000
        let size = benchmark.screenSize
        return """
            model:        \(TerminalText.visible(model)) · \(dimension)-d\(benchmark.secondModelName.map { "; against \(TerminalText.visible($0)) (its neighbours column and matrix cosines on screen)" } ?? "")
            corpus:       \(corpusLine); \(benchmark.neighbours) neighbours, \(benchmark.pins) pinned
            opened:       \(String(format: "%.2f s", openSeconds)) (start → the corpus ready to search; indexed first if it had to be); its statistics and map loaded at \(String(format: "%.2f s", settledSeconds))
            screen:       \(size.columns)x\(size.rows), painted by curses into /dev/null as \(terminal)\(benchmark.showsMap ? "; corpus map pane shown" : "")
            keystrokes:   \(samples.count) (\(typedTexts) texts × \(benchmark.passes) passes, one key every \(intervalMilliseconds) ms)
            updated:      p50 \(ms(TimingStatistics.median(updated))), p90 \(ms(TimingStatistics.percentile(updated, 0.9))), max \(ms(updated.max() ?? 0)) (keystroke → neighbours, matrix and tokens of the new text on screen)
            per pass:     p50 \(passMedians.map { ms($0) }.joined(separator: ", "))
              encode      p50 \(ms(TimingStatistics.median(samples.map(\.encode)))) (the model, in the worker)
              paint       p50 \(ms(TimingStatistics.median(samples.map(\.paint)))) (render the grid + curses, last frame)
            echo:         p50 \(ms(TimingStatistics.median(samples.map(\.echo)))), p90 \(ms(TimingStatistics.percentile(samples.map(\.echo), 0.9))) (keystroke → the key in the input line)
            peak RSS:     \(ProcessMemory.peakResidentBytes().map { String(format: "%.0f MB", Double($0) / 1e6) } ?? "unknown (no /proc)") (the whole process; a mapped matrix counts the pages it touched)
            """
    }
}

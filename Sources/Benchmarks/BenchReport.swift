import Foundation
import TextOutput

/// The figures `semblance bench` prints, and how it prints them.
public struct BenchReport {
    public let subject: BenchSubject
    public let batchSize: Int
    public let threads: Int
    /// Real tokens in one pass over the items.
    public let tokens: Int
    /// Counted FLOPs of one pass (`EncoderFlops`).
    public let flops: Double
    /// Linear-layer FLOPs per token.
    public let flopsPerToken: Double
    public let batchSgemm: (rows: Int, gflops: Double)
    public let singleSgemm: (rows: Int, gflops: Double)
    /// Seconds of each pass over all items.
    public let batchSeconds: [Double]
    /// Seconds of each single-item encode.
    public let singleSeconds: [Double]
    public let singleMeanTokens: Double
    public let peakResidentBytes: Int?

    public var lines: [String] {
        let c = subject.configuration
        let passSeconds = TimingStatistics.median(batchSeconds)
        let tokensPerSecond = Double(tokens) / passSeconds
        let effective = flops / passSeconds / 1e9
        let items = subject.lengths.count
        var lines = [
            "model:        \(TerminalText.visible(subject.name)) (hidden \(c.hiddenSize), \(c.numHiddenLayers) layers, \(c.numAttentionHeads) heads, intermediate \(c.intermediateSize)), \(threads) thread\(threads == 1 ? "" : "s")",
            "workload:     \(subject.workload): \(Self.count(tokens)) real tokens, \(Self.fixed(Double(tokens) / Double(max(items, 1)), 1)) per item",
            "load:         \(Self.fixed(subject.loadSeconds * 1000, 1)) ms"
                + (subject.weightsLoadSeconds.map { " (of which configuration and weights \(Self.fixed($0 * 1000, 1)) ms, the rest the tokenizer)" } ?? ""),
        ]
        if let tokenize = subject.tokenizeSeconds {
            let first = subject.firstTokenizeSeconds.map { "; first pass \(Self.fixed($0 * 1000, 1)) ms" } ?? ""
            lines.append("tokenize:     \(Self.fixed(tokenize * 1000, 1)) ms for all items (\(Self.count(Int(Double(tokens) / tokenize))) tokens/s, median of \(BenchSubject.tokenizePasses) passes, one thread\(first)), included in the batch figures")
        }
        lines += [
            "sgemm:        \(Self.fixed(batchSgemm.gflops, 1)) GFLOP/s at \(batchSgemm.rows)×\(c.hiddenSize)×\(c.intermediateSize), \(Self.fixed(singleSgemm.gflops, 1)) at \(singleSgemm.rows)×\(c.hiddenSize)×\(c.intermediateSize) (OpenBLAS, \(threads) thread\(threads == 1 ? "" : "s"))",
            "batch:        \(Self.count(Int(tokensPerSecond))) tokens/s, \(Self.fixed(Double(items) / passSeconds, 1)) items/s (batches of \(batchSize); median of \(batchSeconds.count) passes: \(Self.fixed(passSeconds, 3)) s, range \(Self.fixed(batchSeconds.min() ?? 0, 3))–\(Self.fixed(batchSeconds.max() ?? 0, 3)) s)",
            "effective:    \(Self.fixed(effective, 1)) GFLOP/s = \(Self.fixed(effective / batchSgemm.gflops, 2)) × sgemm (\(Self.fixed(flops / Double(max(tokens, 1)) / 1e6, 2)) MFLOP per token: linear \(Self.fixed(flopsPerToken / 1e6, 2)), attention \(Self.fixed((flops / Double(max(tokens, 1)) - flopsPerToken) / 1e6, 2)))",
        ]
        if singleSeconds.isEmpty {
            lines.append("single:       no items to time alone")
        } else {
            lines.append("single:       p50 \(Self.fixed(TimingStatistics.percentile(singleSeconds, 0.5) * 1000, 2)) ms, p90 \(Self.fixed(TimingStatistics.percentile(singleSeconds, 0.9) * 1000, 2)) ms (\(singleSeconds.count) encodes of one item, \(Self.fixed(singleMeanTokens, 1)) tokens on average)")
        }
        let weights = "weights \(Self.megabytes(subject.weightBytes))"
        if let peak = peakResidentBytes {
            lines.append("peak RSS:     \(Self.megabytes(peak)) (\(weights); VmHWM)")
        } else {
            lines.append("peak RSS:     unavailable (\(weights))")
        }
        return lines
    }

    private static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// 47757 → "47,757".
    private static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    private static func megabytes(_ bytes: Int) -> String {
        fixed(Double(bytes) / 1_048_576, 1) + " MiB"
    }
}

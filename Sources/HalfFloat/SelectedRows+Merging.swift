import Dispatch

/// Joining the slices of one scan (one per thread, in row order) into the `best` best rows, as
/// one selection in row order. One thread per slice counts its scores, then copies the rows it
/// keeps straight into their place in the output: at 10,000,000 rows keeping 2% the slices hold
/// ~250,000 rows, and joining them on one thread took as long as a sixth of the scan.
extension SelectedRows {
    /// Histogram bins: scores lie within ±192 · 15, the clamp only guards the bounds (as `cutoff`).
    private static let binOffset = 4096
    private static func bin(_ score: Int16) -> Int { min(2 * binOffset - 1, max(0, Int(score) + binOffset)) }

    /// The `best` best rows of `slices` by (score, lower row first), every row with nil.
    static func merged(_ slices: [SelectedRows], bestOf best: Int?) -> SignCodeBlocks.Selection {
        let histograms = UnsafeMutableBufferPointer<Int>.allocate(capacity: slices.count * 2 * binOffset)
        histograms.initialize(repeating: 0)
        defer { histograms.deallocate() }
        nonisolated(unsafe) let counted = histograms
        DispatchQueue.concurrentPerform(iterations: slices.count) { index in
            let base = index * 2 * binOffset
            let slice = slices[index]
            slice.scores.withUnsafeBufferPointer { scores in
                for i in 0..<slice.count { counted[base + bin(scores[i])] += 1 }
            }
        }
        // The cutoff bin and how many rows at it may still go in, lowest rows first.
        let total = slices.reduce(0) { $0 + $1.count }
        var cutoffBin = 0, tiesLeft = Int.max
        if let best, best < total {
            var above = 0
            for bin in stride(from: 2 * binOffset - 1, through: 0, by: -1) {
                let here = (0..<slices.count).reduce(0) { $0 + histograms[$1 * 2 * binOffset + bin] }
                if above + here >= best { cutoffBin = bin; tiesLeft = max(0, best) - above; break }
                above += here
            }
        }
        // Each slice's share: its rows above the cutoff bin, and the ties it is given in turn.
        var quotas: [Int] = [], offsets: [Int] = [0]
        for index in slices.indices {
            let base = index * 2 * binOffset
            let above = histograms[base + cutoffBin + 1 ..< base + 2 * binOffset].reduce(0, +)
            let ties = min(tiesLeft, histograms[base + cutoffBin])
            tiesLeft -= ties
            quotas.append(ties)
            offsets.append(offsets[index] + above + ties)
        }
        let (cutoff, shares, starts, kept) = (cutoffBin, quotas, offsets, offsets[slices.count])
        var rows = [UInt32](unsafeUninitializedCapacity: kept) { _, initialized in initialized = kept }
        var scores = [Int16](unsafeUninitializedCapacity: kept) { _, initialized in initialized = kept }
        var counts = [UInt32](unsafeUninitializedCapacity: kept) { _, initialized in initialized = kept }
        rows.withUnsafeMutableBufferPointer { rowOut in
            scores.withUnsafeMutableBufferPointer { scoreOut in
                counts.withUnsafeMutableBufferPointer { countOut in
                    nonisolated(unsafe) let (rowOut, scoreOut, countOut) = (rowOut, scoreOut, countOut)
                    DispatchQueue.concurrentPerform(iterations: slices.count) { index in
                        slices[index].copy(above: cutoff, ties: shares[index], to: starts[index],
                                           rows: rowOut, scores: scoreOut, counts: countOut)
                    }
                }
            }
        }
        return SignCodeBlocks.Selection(rows: rows, scores: scores, prefixCounts: counts)
    }

    /// Copies the rows above `cutoffBin` and the first `ties` at it to the outputs from `offset`.
    private func copy(above cutoffBin: Int, ties: Int, to offset: Int, rows rowOut: UnsafeMutableBufferPointer<UInt32>,
                      scores scoreOut: UnsafeMutableBufferPointer<Int16>, counts countOut: UnsafeMutableBufferPointer<UInt32>) {
        rows.withUnsafeBufferPointer { rowIn in
            scores.withUnsafeBufferPointer { scoreIn in
                counts.withUnsafeBufferPointer { countIn in
                    var written = offset, tiesLeft = ties
                    for i in 0..<count {
                        let bin = Self.bin(scoreIn[i])
                        guard bin > cutoffBin || (bin == cutoffBin && tiesLeft > 0) else { continue }
                        if bin == cutoffBin { tiesLeft -= 1 }
                        rowOut[written] = rowIn[i]
                        scoreOut[written] = scoreIn[i]
                        countOut[written] = countIn[i]
                        written += 1
                    }
                }
            }
        }
    }
}

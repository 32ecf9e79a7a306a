import Inference

/// Measures this machine's OpenBLAS sgemm rate in-process, at the shape of a linear layer.
public enum SgemmProbe {
    /// GFLOP/s of C [m × n] = A [m × k] · Bᵀ with B stored [n × k] (the layout of a linear
    /// layer's weights), on `threads` threads, each an OpenBLAS call (one thread, as every
    /// pass runs OpenBLAS: `BLAS`) over its slice of C's columns: the median of five timings
    /// of about 0.1 s each.
    public static func gflops(m: Int, k: Int, n: Int, threads: Int) -> Double {
        let parts = max(1, min(threads, n))

        // Values of a realistic size; denormals or zeros could take other paths.
        let a = (0..<(m * k)).map { Float(($0 * 7919) % 1000) / 1000 - 0.5 }
        let b = (0..<(n * k)).map { Float(($0 * 104_729) % 1000) / 1000 - 0.5 }
        var c = [Float](repeating: 0, count: m * n)
        func multiply() {
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
                        ParallelWork.forEach(parts, threads: threads) { part in
                            let columns = ParallelWork.slice(part, of: parts, count: n)
                            guard !columns.isEmpty else { return }
                            BLAS.sgemm(transposeB: .transposed, m: m, n: columns.count, k: k, a: a, lda: k,
                                       b: b + columns.lowerBound * k, ldb: k, c: c + columns.lowerBound, ldc: n)
                        }
                    }
                }
            }
        }
        multiply()  // warm-up: thread start, page faults
        var rates: [Double] = []
        for _ in 0..<5 {
            var repetitions = 0
            let seconds = TimingStatistics.time {
                let start = TimingStatistics.now()
                repeat {
                    multiply()
                    repetitions += 1
                } while TimingStatistics.now() - start < 0.1
            }
            rates.append(2 * Double(m) * Double(k) * Double(n) * Double(repetitions) / seconds / 1e9)
        }
        return TimingStatistics.median(rates)
    }
}

import CHalf

/// IEEE binary16 storage for vectors: conversions and the f16-matrix × f32-vector product.
///
/// Halves are held as their bit patterns (`UInt16`) because Swift's `Float16` converts
/// through a library call at the default CPU target; these kernels use F16C when the CPU
/// has it (checked at run time) and an exact scalar path otherwise. Both round to nearest,
/// ties to even, so stored halves do not depend on the machine that wrote them.
public enum HalfKernels {
    /// True when the F16C/AVX/FMA paths are in use on this CPU.
    public static var usesF16C: Bool { chalf_uses_f16c() != 0 }

    /// The binary16 bit patterns of `values`, rounded to nearest even.
    public static func encode(_ values: [Float]) -> [UInt16] {
        var halves = [UInt16](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { source in
            halves.withUnsafeMutableBufferPointer { destination in
                encode(source, into: destination)
            }
        }
        return halves
    }

    /// Writes the binary16 bit patterns of `source` into `destination` (same count, else nothing).
    public static func encode(_ source: UnsafeBufferPointer<Float>, into destination: UnsafeMutableBufferPointer<UInt16>) {
        guard source.count == destination.count, let from = source.baseAddress, let to = destination.baseAddress else { return }
        chalf_encode(from, to, source.count)
    }

    /// The exact `Float` values of binary16 bit patterns.
    public static func decode(_ halves: [UInt16]) -> [Float] {
        var values = [Float](repeating: 0, count: halves.count)
        halves.withUnsafeBufferPointer { source in
            values.withUnsafeMutableBufferPointer { destination in
                decode(source, into: destination)
            }
        }
        return values
    }

    /// Writes the `Float` values of `source` into `destination` (same count, else nothing).
    public static func decode(_ source: UnsafeBufferPointer<UInt16>, into destination: UnsafeMutableBufferPointer<Float>) {
        guard source.count == destination.count, let from = source.baseAddress, let to = destination.baseAddress else { return }
        chalf_decode(from, to, source.count)
    }

    /// `scores[r] = Σ_d matrix[r, d] · query[d]` for a row-major `[rows × query.count]` binary16
    /// matrix, converting inside the loop (no f32 copy of the matrix).
    /// Does nothing unless `matrix.count == scores.count × query.count`.
    public static func dotRows(_ matrix: UnsafeBufferPointer<UInt16>, query: UnsafeBufferPointer<Float>,
                               scores: UnsafeMutableBufferPointer<Float>) {
        guard matrix.count == scores.count * query.count, let m = matrix.baseAddress,
              let q = query.baseAddress, let s = scores.baseAddress else { return }
        chalf_dot_rows(m, scores.count, query.count, q, s)
    }

    /// The scalar fallbacks, whatever the CPU: for checking the vectorised paths against.
    public enum Portable {
        public static func encode(_ values: [Float]) -> [UInt16] {
            var halves = [UInt16](repeating: 0, count: values.count)
            values.withUnsafeBufferPointer { source in
                halves.withUnsafeMutableBufferPointer { destination in
                    if let from = source.baseAddress, let to = destination.baseAddress {
                        chalf_encode_scalar(from, to, source.count)
                    }
                }
            }
            return halves
        }

        public static func decode(_ halves: [UInt16]) -> [Float] {
            var values = [Float](repeating: 0, count: halves.count)
            halves.withUnsafeBufferPointer { source in
                values.withUnsafeMutableBufferPointer { destination in
                    if let from = source.baseAddress, let to = destination.baseAddress {
                        chalf_decode_scalar(from, to, source.count)
                    }
                }
            }
            return values
        }

        public static func dotRows(_ matrix: [UInt16], query: [Float]) -> [Float] {
            guard !query.isEmpty, matrix.count % query.count == 0 else { return [] }
            var scores = [Float](repeating: 0, count: matrix.count / query.count)
            matrix.withUnsafeBufferPointer { m in
                query.withUnsafeBufferPointer { q in
                    scores.withUnsafeMutableBufferPointer { s in
                        if let mb = m.baseAddress, let qb = q.baseAddress, let sb = s.baseAddress {
                            chalf_dot_rows_scalar(mb, s.count, q.count, qb, sb)
                        }
                    }
                }
            }
            return scores
        }
    }
}

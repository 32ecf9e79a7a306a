/// exp and GELU accurate to float rounding, written so that loops over them vectorise.
///
/// libm's `expf` and `erff` are opaque calls, one value at a time, that cost more than the
/// matrix products around them once those are fast. These use only add, multiply, divide,
/// min/max, select and bit operations, so a loop applying them to contiguous floats is
/// turned into SSE2 vector code (the baseline of every x86-64 CPU) by the compiler; they
/// are always inlined for that reason. The same operations run on a loop's scalar tail,
/// so a value's result does not depend on its position. Accuracy, checked in
/// `FastMathAccuracyTests`: `exp` within 1.5e-7 relative; `gelu` within 1.2e-7·max(1, |x|)
/// of the exact function, about as close as `x · ½ · (1 + erff(x/√2))` in float gets.
public enum FastMath {
    /// e^x. Inputs below −87.33 give about 1.2e-38 instead of a subnormal or 0 (harmless
    /// where it is used: softmax of max-shifted scores, the GELU tail); inputs above 88.72
    /// give about 3.4e38 instead of infinity.
    @inline(__always)
    public static func exp(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87.33), 88.72)
        // n = round(x / ln 2): adding 1.5·2²³ leaves the rounded integer in the low mantissa bits.
        let shifter: Float = 12_582_912
        let shifted = clamped * 1.442_695_04 + shifter
        let n = shifted - shifter
        // r = x − n·ln 2 with ln 2 split into a head with 15 significant bits (n·head is
        // exact) and a tail, so that r keeps full precision: |r| ≤ ln 2 / 2.
        var r = clamped - n * 0.693_145_751_953_125
        r = r - n * 1.428_606_765_330_187e-6
        // e^r by its Taylor series to r⁷: truncation error < 6e-9 on |r| ≤ 0.347.
        var p: Float = 1.0 / 5040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // 2ⁿ from its exponent bits. After the clamp n ∈ [−126, 128]; 2¹²⁸ is not a float,
        // so n = 128 is applied as 2¹²⁷ · 2.
        let integer = Int32(bitPattern: shifted.bitPattern) &- Int32(bitPattern: shifter.bitPattern)
        let overflows = integer > 127
        let exponent = overflows ? 127 : integer
        let scaled = p * Float(bitPattern: UInt32(bitPattern: (exponent &+ 127) &<< 23))
        return overflows ? scaled * 2 : scaled
    }

    /// GELU(x) = x · Φ(x), the exact (erf-based) form of `hidden_act: "gelu"`.
    ///
    /// Φ(x) = ½·erfc(−x/√2) is computed for x < 0 as t·P(t)·e^(−z²) with z = |x|/√2 and
    /// t = 1/(1 + z/2), where P is a degree-10 polynomial fitted (weighted least squares,
    /// relative error 3.4e-9) to ½·erfc(z)·e^(z²)/t on z ∈ [0, 10]; for x ≥ 0, Φ = 1 − that.
    /// Unlike 1 + erf(x/√2), this keeps full relative precision for negative x.
    @inline(__always)
    public static func gelu(_ x: Float) -> Float {
        // |x|/√2, capped at 9: e^(−81) is still a normal float and Φ(−12.7) < 1e-36.
        let z = Swift.min(Float(bitPattern: x.bitPattern & 0x7FFF_FFFF) * 0.707_106_77, 9)
        let t = 1 / (1 + 0.5 * z)
        var p: Float = 0.01768611930310726
        p = p * t - 0.09434361755847931
        p = p * t + 0.18765439093112946
        p = p * t - 0.14021199941635132
        p = p * t - 0.015356607735157013
        p = p * t + 0.02047436684370041
        p = p * t + 0.02626313641667366
        p = p * t + 0.09312665462493896
        p = p * t + 0.12253152579069138
        p = p * t + 0.14113201200962067
        p = p * t + 0.1410440057516098
        let halfErfc = t * p * exp(-(z * z))
        return x * (x >= 0 ? 1 - halfErfc : halfErfc)
    }

    /// GELU's tanh approximation (`gelu_new`, `gelu_pytorch_tanh`):
    /// ½x(1 + tanh(u)) with u = √(2/π)(x + 0.044715x³), computed as x / (1 + e^(−2u)) (the same
    /// function; no cancellation for negative x). −2u is capped at 80, where the result is
    /// already x · 2e-35.
    @inline(__always)
    public static func geluTanh(_ x: Float) -> Float {
        let u = (x + 0.044715 * (x * x * x)) * 0.797_884_56
        return x / (1 + exp(Swift.min(-2 * u, 80)))
    }

    /// Each value ← GELU(value), as the forward pass computes it: with the AVX2/FMA kernel
    /// where the CPU has it (the same method, fused multiply-adds), else with `gelu`.
    public static func applyGELU(to values: inout [Float]) {
        let count = values.count
        values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            if AcceleratedKernels.available {
                AcceleratedKernels.gelu(base, count: count)
            } else {
                TransformerKernels.applyGELU(base, rowCount: 1, width: count, stride: count)
            }
        }
    }
}

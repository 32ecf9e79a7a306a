import Foundation
import Inference
import Testing

/// `FastMath` against Double-precision libm over dense grids.
@Suite("FastMath accuracy")
struct FastMathAccuracyTests {
    /// x · Φ(x) in Double, Φ from erfc so that the negative tail keeps its precision.
    private static func exactGELU(_ x: Float) -> Double {
        Double(x) * 0.5 * erfc(-Double(x) / 2.0.squareRoot())
    }

    @Test("exp is within 1.5e-7 relative of e^x on [−87, 88], and exact at 0")
    func exponential() {
        var worst = 0.0
        for step in 0...350_000 {
            let x = Float(-87 + Double(step) * 0.000_5)
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(FastMath.exp(x)) - exact) / exact)
        }
        print("FastMath.exp worst relative error: \(worst)")
        #expect(worst < 1.5e-7)
        #expect(FastMath.exp(0) == 1)
        #expect(FastMath.exp(-200) >= 0 && FastMath.exp(-200) < 1.2e-38)
        #expect(FastMath.exp(200).isFinite)
    }

    @Test("gelu is as close to x·Φ(x) as x·½·(1 + erff(x/√2)) is, within 1 ulp of x")
    func gaussianErrorLinearUnit() {
        var worstOurs = 0.0, worstLibm = 0.0
        for step in 0...400_000 {
            let x = Float(-20 + Double(step) * 0.000_1)
            let exact = Self.exactGELU(x)
            let ours = Double(FastMath.gelu(x))
            let libm = Double(x * 0.5 * (1 + erff(x * 0.707_106_77)))
            // Relative to the size of x: GELU's output feeds a matrix product, where an
            // error counts against the magnitude of its input.
            let scale = max(1, Double(abs(x)))
            worstOurs = max(worstOurs, abs(ours - exact) / scale)
            worstLibm = max(worstLibm, abs(libm - exact) / scale)
        }
        print("FastMath.gelu worst |Δ|/max(1,|x|): \(worstOurs) (erff formula: \(worstLibm))")
        #expect(worstOurs <= 1.2e-7)
        #expect(worstOurs <= worstLibm * 1.5)
    }

    @Test("applyGELU (the forward pass's kernel) is as accurate as gelu, at every position of a ragged array")
    func vectorGELU() {
        // 400,003 values: not a multiple of 8, so the kernel's masked tail runs too.
        var values = (0...400_002).map { Float(-20 + Double($0) * 0.000_1) }
        let inputs = values
        FastMath.applyGELU(to: &values)
        var worst = 0.0
        for (x, result) in zip(inputs, values) {
            worst = max(worst, abs(Double(result) - Self.exactGELU(x)) / max(1, Double(abs(x))))
        }
        print("FastMath.applyGELU worst |Δ|/max(1,|x|): \(worst)")
        #expect(worst <= 1.2e-7)
        var short: [Float] = [-1, 0, 1]
        FastMath.applyGELU(to: &short)
        #expect(abs(short[0] - -0.158_655_25) < 1e-7 && short[1] == 0 && abs(short[2] - 0.841_344_75) < 1e-7)
    }

    @Test("gelu of exact points: 0, large positive (identity), large negative (zero to 1e-30)")
    func geluLimits() {
        #expect(FastMath.gelu(0) == 0)
        #expect(FastMath.gelu(30) == 30)
        #expect(FastMath.gelu(-30) <= 0 && FastMath.gelu(-30) > -1e-30)
        #expect(abs(FastMath.gelu(1) - 0.841_344_75) < 1e-7)
        #expect(abs(FastMath.gelu(-1) - -0.158_655_25) < 1e-7)
    }

    @Test("geluTanh is within 2e-7·max(1, |x|) of ½x(1 + tanh(√(2/π)(x + 0.044715x³))) on [−20, 20]")
    func geluTanhAccuracy() {
        var worst = 0.0
        var x: Float = -20
        while x <= 20 {
            let exact = 0.5 * Double(x) * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (Double(x) + 0.044715 * Double(x) * Double(x) * Double(x))))
            worst = max(worst, abs(Double(FastMath.geluTanh(x)) - exact) / max(1, abs(Double(x))))
            x += 0.001
        }
        print("FastMath.geluTanh worst |Δ|/max(1,|x|): \(worst)")
        #expect(worst <= 2e-7)
        #expect(FastMath.geluTanh(0) == 0 && FastMath.geluTanh(30) == 30)
        #expect(FastMath.geluTanh(-30) <= 0 && FastMath.geluTanh(-30) > -1e-30)
    }
}

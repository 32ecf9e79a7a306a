import CInferenceKernels

/// The AVX2/FMA kernels of `CInferenceKernels` that training's forward pass uses, on CPUs
/// that have those instructions (`available`); callers keep a portable loop for the others.
public enum TrainingKernels {
    /// Whether this CPU runs the kernels (checked once).
    public static var available: Bool { AcceleratedKernels.available }

    /// For each of `count` pre-activations u in `values`: `activated` ← GELU(u) (the bits
    /// inference's GELU gives) and `values` ← GELU'(u), with one exponential for both.
    /// `count` must fit in 32 bits.
    public static func geluWithSlope(_ values: UnsafeMutablePointer<Float>, activated: UnsafeMutablePointer<Float>, count: Int) {
        training_gelu_with_slope(values, activated, Int32(count))
    }
}

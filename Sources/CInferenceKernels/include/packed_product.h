#ifndef SEMBLANCE_PACKED_PRODUCT_H
#define SEMBLANCE_PACKED_PRODUCT_H

/// Products with a linear layer's weights packed once, at load, into the layout the
/// product's inner loop reads: panels of 16 outputs, each panel [k × 16] row-major, so the
/// inner loop reads the weights as one contiguous stream. (OpenBLAS copies them into such
/// a layout on every call; for the products of a forward pass that copy costs a tenth of
/// the time, and as much as the arithmetic for a single sentence.)
///
/// Outputs beyond n in the last panel are zeros. Panels must be 32-byte aligned.

/// Outputs per panel.
#define INFERENCE_PANEL_WIDTH 16

/// Floats the packed form of n outputs over k inputs takes.
long inference_packed_size(int n, int k);

/// Packs the weights of n outputs over k inputs; `rows[j]` points to output j's k weights
/// (so several matrices with the same k can be packed as one, e.g. query, key and value).
void inference_pack_rows(const float *const *rows, int n, int k, float *packed);

/// What `inference_packed_multiply` applies to each result after the bias.
enum {
    INFERENCE_ACTIVATION_IDENTITY = 0,
    INFERENCE_ACTIVATION_GELU = 1,       // exact (erf)
    INFERENCE_ACTIVATION_GELU_TANH = 2,  // the tanh approximation (gelu_new)
    INFERENCE_ACTIVATION_RELU = 3,
};

/// For the rows 0 ..< m of A and the outputs column_begin ..< column_end (column_begin a
/// multiple of 16, column_end ≤ n):
///     C[i, j] ← (accumulate ? C[i, j] : 0) + bias[j] + Σₚ A[i, p] · W[j, p]
/// then `activation` (an INFERENCE_ACTIVATION_ value). A is [m × k] with rows lda floats apart, C [m × n] with rows
/// ldc apart; bias may be null. Each result depends only on its own row of A and column
/// of W, always summed in the same order: a row's results do not depend on m.
/// `inference_packed_multiply` needs AVX2 and FMA (`inference_kernels_available`);
/// `inference_packed_multiply_portable` runs anywhere and leaves the activation to the caller.
void inference_packed_multiply(
    int m, int k, const float *a, int lda, const float *packed, int n, int column_begin, int column_end,
    const float *bias, int accumulate, int activation, float *c, int ldc);
void inference_packed_multiply_portable(
    int m, int k, const float *a, int lda, const float *packed, int n, int column_begin, int column_end,
    const float *bias, int accumulate, float *c, int ldc);

#endif

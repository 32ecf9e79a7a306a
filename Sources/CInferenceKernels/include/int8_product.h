#ifndef SEMBLANCE_INT8_PRODUCT_H
#define SEMBLANCE_INT8_PRODUCT_H

#include <stdint.h>

/// Products of a linear layer in int8 (dynamic quantization): the weights are quantized once,
/// at load, symmetrically with one scale per block of INFERENCE_INT8_BLOCK inputs of each
/// output row; the inputs at each product, with one scale per block of as many inputs of a
/// row. Products of 8-bit integers are summed exactly in int32 over each block, then scaled
/// back to float by the product of the two blocks' scales and added.
///
/// Why blocks: a transformer's activations have a few channels far larger than the rest
/// (LayerNorm outputs, GELU outputs of special tokens). With one scale per row such an outlier
/// leaves the other values of its row only a few levels; with one per 64 inputs it costs only
/// its own block. Measured on all-MiniLM-L6-v2's 340 reference texts, lowest cosine to
/// float32: 0.9857 with one scale per row, 0.9946 with blocks of 64. The weights have the same
/// trouble in wide rows: all-mpnet-base-v2's feed-forward output rows (3072 inputs) with one
/// scale per row left 2 of its 340 reference texts below cosine 0.99 (lowest 0.9777).
///
/// The products are formed by `vpmaddwd` on operands widened to int16 (weights stored as
/// int8 and widened as they are loaded): an int16 × int16 pair sum cannot saturate, so
/// both operands keep their full [-127, 127] range. (`vpmaddubsw` would take unsigned ×
/// signed bytes and saturate its int16 pair sums: 255 · 127 · 2 > 32767 — usable only with
/// one operand cut to 7 bits; on Zen 3 it also needs a second multiply, `vpmaddwd` by ones,
/// to reach int32, so it does not do more multiplications per instruction than this.)
/// |sum| ≤ k · 127² stays below 2³¹ for k ≤ INFERENCE_INT8_MAX_DEPTH.
///
/// Packed weight layout: panels of 16 outputs (as packed_product.h), each [⌈k/2⌉ × 16 × 2]
/// bytes: for each pair of inputs, output 0's two weights, output 1's two, …; the input
/// past an odd k and outputs past n are zeros. Quantized inputs are rows of
/// `inference_int8_row_length(k)` bytes (k rounded up to even), the last padded with 0.

/// Outputs per panel (the float kernel's panel width).
#define INFERENCE_INT8_PANEL_WIDTH 16
/// Largest k whose sums fit int32 (k · 127² < 2³¹).
#define INFERENCE_INT8_MAX_DEPTH 133000
/// Inputs per activation scale (even, so that a block is whole pairs).
#define INFERENCE_INT8_BLOCK 64

/// Activation scales per quantized row of k inputs: ⌈k / INFERENCE_INT8_BLOCK⌉.
int inference_int8_block_count(int k);

/// Bytes of one quantized input row of k values (k rounded up to even).
int inference_int8_row_length(int k);
/// Bytes the packed form of n outputs over k inputs takes.
long inference_int8_packed_size(int n, int k);

/// Floats of the weight scales of n outputs over k inputs: [panels × blocks × 16] (16 outputs
/// of a panel side by side for each block; outputs past n have scale 0).
long inference_int8_weight_scale_count(int n, int k);

/// Quantizes `rows[j]` (k floats each) per block of INFERENCE_INT8_BLOCK inputs: scale =
/// max|w| / 127 over the block, q = round(w / scale) (to nearest, ties to even), and packs
/// them; scales[(j / 16 · blocks + b) · 16 + j % 16] ← block b's scale (0 for a block of zeros).
void inference_int8_pack_rows(const float *const *rows, int n, int k, int8_t *packed, float *scales);

/// Quantizes rows 0 ..< m of A ([m × k], rows lda floats apart) into q (rows ldq bytes apart,
/// ldq ≥ inference_int8_row_length(k), padding zeroed), each block of INFERENCE_INT8_BLOCK
/// inputs of a row as `inference_int8_pack_rows` quantizes a block of a weight row;
/// scales[i · blocks + b] ← block b of row i's scale (blocks = inference_int8_block_count(k)).
/// The `_portable` form runs anywhere and gives identical results.
void inference_int8_quantize_rows(int m, int k, const float *a, int lda, int8_t *q, int ldq, float *scales);
void inference_int8_quantize_rows_portable(int m, int k, const float *a, int lda, int8_t *q, int ldq, float *scales);

/// For rows 0 ..< m of the quantized A and outputs column_begin ..< column_end (column_begin a
/// multiple of 16, column_end ≤ n):
///     t ← 0; for each block b in order: t ← fma(float(Σ_{p in b} A[i, p] · W[j, p]), a_scales[i, b] · w_scale[j, b], t)
///     C[i, j] ← (accumulate ? C[i, j] + bias[j] : bias[j]) + t
/// then `activation` (an INFERENCE_ACTIVATION_ value of packed_product.h); w_scale[j, b] is
/// where `inference_int8_pack_rows` put it, a missing bias counts as 0. The integer sums are
/// exact; a row's results do not depend on m. Needs AVX2 and FMA (`inference_kernels_available`).
/// The `_portable` form runs anywhere, computes the same floats bit for bit (the same
/// operations in the same order) and leaves the activation to the caller.
void inference_int8_multiply(
    int m, int k, const int8_t *a, int lda, const float *a_scales, const int8_t *packed, const float *w_scales,
    int column_begin, int column_end, const float *bias, int accumulate, int activation, float *c, int ldc);
void inference_int8_multiply_portable(
    int m, int k, const int8_t *a, int lda, const float *a_scales, const int8_t *packed, const float *w_scales,
    int column_begin, int column_end, const float *bias, int accumulate, float *c, int ldc);

/// The integer sums alone over whole rows: C[i, j] ← Σₚ A[i, p] · W[j, p] (int32, rows ldc
/// apart), by the same inner loop as `inference_int8_multiply` (AVX2) or plainly
/// (`_portable`): what the tests compare exactly.
void inference_int8_sums(
    int m, int k, const int8_t *a, int lda, const int8_t *packed, int column_begin, int column_end,
    int32_t *c, int ldc);
void inference_int8_sums_portable(
    int m, int k, const int8_t *a, int lda, const int8_t *packed, int column_begin, int column_end,
    int32_t *c, int ldc);

#endif

#ifndef SEMBLANCE_ATTENTION_H
#define SEMBLANCE_ATTENTION_H

/// Scaled dot-product attention of one head over one sequence, in one call: for the short
/// sequences of sentences, OpenBLAS's per-call set-up (and its copies of Q, K and V)
/// costs more than the arithmetic.

/// Floats of working memory `inference_attention_head` needs for n tokens of d dimensions.
long inference_attention_scratch_size(int n, int d);

/// context [n × d] (rows ldc floats apart) ← softmax(scale · Q·Kᵀ + B) · V, where Q, K and V
/// are [n × d] with rows ld floats apart, the softmax taken over each row, and B[i, j] =
/// position_bias[j − i] when position_bias is not null (MPNet's relative positions; it must
/// be readable from index −(n − 1) to n + 14: keys are padded to 16). `scratch` holds
/// `inference_attention_scratch_size(n, d)` floats. d must be a multiple of 8, n ≥ 1.
/// Needs AVX2 and FMA (`inference_kernels_available`).
void inference_attention_head(
    int n, int d, const float *q, const float *k, const float *v, int ld, float scale,
    const float *position_bias, float *context, int ldc, float *scratch);

#endif

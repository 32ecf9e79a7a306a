#ifndef SEMBLANCE_INFERENCE_KERNELS_H
#define SEMBLANCE_INFERENCE_KERNELS_H

/// Kernels the forward pass uses where OpenBLAS is a poor fit or absent: products with few
/// rows (one sentence), where OpenBLAS's copy of the weights into its packed layout costs as
/// much as the arithmetic, and the GELU activation. Written with AVX2 and FMA instructions,
/// compiled for them per function, and used only when the CPU has them
/// (`inference_kernels_available`).

/// 1 when this CPU runs the kernels below (x86-64 with AVX2 and FMA), else 0.
int inference_kernels_available(void);

/// C ← A·Bᵀ (accumulate 0) or C ← C + A·Bᵀ (accumulate 1), all row-major:
/// A is [m × k] with rows lda floats apart, B is [n × k] (a linear layer's weights, one
/// output per row) with rows ldb apart, C is [m × n] with rows ldc apart. Each result is
/// a dot product over k, read straight from A and B: nothing is copied or packed.
/// Only call when `inference_kernels_available()` returned 1.
void inference_multiply_transposed(
    int m, int n, int k,
    const float *a, int lda,
    const float *b, int ldb,
    int accumulate,
    float *c, int ldc);

/// Each of `row_count` rows (rows `stride` floats apart) ← GELU(row + bias), bias [width]:
/// x · Φ(x) by the same method and polynomial as the Swift `FastMath.gelu`, eight values at
/// a time with FMA. Only call when `inference_kernels_available()` returned 1.
void inference_add_bias_gelu(float *rows, int row_count, int width, int stride, const float *bias);

#endif

#ifndef SEMBLANCE_INFERENCE_KERNELS_H
#define SEMBLANCE_INFERENCE_KERNELS_H

/// Kernels written with AVX2 and FMA instructions, compiled for them per function, and used
/// only when the CPU has them (`inference_kernels_available`). The products with packed
/// weights are in packed_product.h.

/// 1 when this CPU runs the kernels below (x86-64 with AVX2 and FMA), else 0.
int inference_kernels_available(void);

/// Each of `count` values ← GELU(value): x · Φ(x) by the same method and polynomial as the
/// Swift `FastMath.gelu`, eight values at a time with FMA; the function the packed product
/// applies as it stores. Only call when `inference_kernels_available()` returned 1.
void inference_gelu(float *values, int count);

#endif

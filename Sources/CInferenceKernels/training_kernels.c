#include "training_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include "gelu_avx2.h"

/// GELU(x) and GELU'(x) for eight values. Φ(x) is ½·erfc(|x|/√2) for x < 0 and one minus it
/// otherwise; φ(x) = e^(−x²/2)/√(2π) reuses the tail's exponential.
static inline KERNEL void gelu_with_slope(__m256 x, __m256 *value, __m256 *slope) {
    __m256 gaussian;
    __m256 half_erfc = lower_tail(x, &gaussian);
    __m256 positive = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GE_OQ);
    __m256 phi = _mm256_blendv_ps(half_erfc, _mm256_sub_ps(_mm256_set1_ps(1.0f), half_erfc), positive);
    *value = _mm256_mul_ps(x, phi);
    *slope = _mm256_fmadd_ps(_mm256_mul_ps(x, _mm256_set1_ps(0.39894228f)), gaussian, phi);
}

KERNEL void training_gelu_with_slope(float *values, float *activated, int count) {
    int index = 0;
    __m256 value, slope;
    for (; index + 8 <= count; index += 8) {
        gelu_with_slope(_mm256_loadu_ps(values + index), &value, &slope);
        _mm256_storeu_ps(activated + index, value);
        _mm256_storeu_ps(values + index, slope);
    }
    if (index < count) {
        __m256i tail = _mm256_cmpgt_epi32(_mm256_set1_epi32(count - index), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        gelu_with_slope(_mm256_maskload_ps(values + index, tail), &value, &slope);
        _mm256_maskstore_ps(activated + index, tail, value);
        _mm256_maskstore_ps(values + index, tail, slope);
    }
}

#else

void training_gelu_with_slope(float *values, float *activated, int count) {
    (void)values; (void)activated; (void)count;
}

#endif

#include "inference_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include "gelu_avx2.h"

int inference_kernels_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

KERNEL void inference_add_bias_gelu(float *rows, int row_count, int width, int stride, const float *bias) {
    int tail = width % 8;
    __m256i tail_mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(tail), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    for (int row = 0; row < row_count; row++) {
        float *values = rows + (long)row * stride;
        int column = 0;
        for (; column + 8 <= width; column += 8) {
            __m256 x = _mm256_add_ps(_mm256_loadu_ps(values + column), _mm256_loadu_ps(bias + column));
            _mm256_storeu_ps(values + column, gelu(x));
        }
        if (tail) {
            __m256 x = _mm256_add_ps(_mm256_maskload_ps(values + column, tail_mask), _mm256_maskload_ps(bias + column, tail_mask));
            _mm256_maskstore_ps(values + column, tail_mask, gelu(x));
        }
    }
}

#else

int inference_kernels_available(void) { return 0; }

void inference_add_bias_gelu(float *rows, int row_count, int width, int stride, const float *bias) {
    (void)rows; (void)row_count; (void)width; (void)stride; (void)bias;
}

#endif

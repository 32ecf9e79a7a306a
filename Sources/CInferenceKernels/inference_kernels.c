#include "inference_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include "gelu_avx2.h"

int inference_kernels_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

KERNEL void inference_gelu(float *values, int count) {
    int column = 0;
    for (; column + 8 <= count; column += 8) _mm256_storeu_ps(values + column, gelu(_mm256_loadu_ps(values + column)));
    if (column < count) {
        __m256i tail = _mm256_cmpgt_epi32(_mm256_set1_epi32(count - column), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        _mm256_maskstore_ps(values + column, tail, gelu(_mm256_maskload_ps(values + column, tail)));
    }
}

#else

int inference_kernels_available(void) { return 0; }

void inference_gelu(float *values, int count) {
    (void)values; (void)count;
}

#endif

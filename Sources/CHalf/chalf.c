#include "chalf.h"
#include <immintrin.h>
#include <string.h>

static int cpu_has_f16c(void) {
    static int detected = -1;  /* a benign race: every thread computes the same answer */
    if (detected < 0) {
        __builtin_cpu_init();
        detected = __builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c")
                   && __builtin_cpu_supports("fma");
    }
    return detected;
}

int chalf_uses_f16c(void) { return cpu_has_f16c(); }

/* ---- scalar paths ---------------------------------------------------------------- */

static uint16_t scalar_encode_one(float value) {
    uint32_t bits;
    memcpy(&bits, &value, 4);
    uint32_t sign = (bits >> 16) & 0x8000u;
    uint32_t magnitude = bits & 0x7fffffffu;
    if (magnitude >= 0x7f800000u) {  /* inf or NaN: keep NaN quiet and non-zero */
        return (uint16_t)(sign | 0x7c00u | (magnitude > 0x7f800000u ? 0x0200u | ((magnitude >> 13) & 0x3ffu) : 0));
    }
    if (magnitude >= 0x477ff000u) return (uint16_t)(sign | 0x7c00u);  /* rounds to ≥ 65520: inf */
    if (magnitude < 0x38800000u) {  /* below the smallest normal half: subnormal or zero */
        if (magnitude < 0x33000000u) return (uint16_t)sign;  /* < 2^-25: rounds to zero */
        uint32_t exponent = magnitude >> 23;
        uint32_t mantissa = (magnitude & 0x7fffffu) | 0x800000u;
        uint32_t shift = 126u - exponent;  /* so the result is in units of 2^-24 */
        uint32_t result = mantissa >> shift;
        uint32_t remainder = mantissa & ((1u << shift) - 1u);
        uint32_t halfway = 1u << (shift - 1u);
        if (remainder > halfway || (remainder == halfway && (result & 1u))) result += 1u;
        return (uint16_t)(sign | result);
    }
    /* normal: rebias the exponent, round the mantissa from 23 to 10 bits (carry may bump the exponent) */
    uint32_t rebased = magnitude - 0x38000000u;
    uint32_t result = rebased >> 13;
    uint32_t remainder = rebased & 0x1fffu;
    if (remainder > 0x1000u || (remainder == 0x1000u && (result & 1u))) result += 1u;
    return (uint16_t)(sign | result);
}

static float scalar_decode_one(uint16_t half) {
    uint32_t sign = ((uint32_t)half & 0x8000u) << 16;
    uint32_t exponent = ((uint32_t)half >> 10) & 0x1fu;
    uint32_t mantissa = (uint32_t)half & 0x3ffu;
    uint32_t bits;
    if (exponent == 0x1fu) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign;
    } else {  /* subnormal half: normalise */
        uint32_t e = 113u;
        while ((mantissa & 0x400u) == 0) { mantissa <<= 1; e -= 1; }
        bits = sign | (e << 23) | ((mantissa & 0x3ffu) << 13);
    }
    float value;
    memcpy(&value, &bits, 4);
    return value;
}

/* ---- F16C paths --------------------------------------------------------------- */

__attribute__((target("avx,f16c")))
static void f16c_encode(const float *source, uint16_t *destination, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m128i packed = _mm256_cvtps_ph(_mm256_loadu_ps(source + i), _MM_FROUND_TO_NEAREST_INT);
        _mm_storeu_si128((__m128i *)(destination + i), packed);
    }
    for (; i < count; i++) destination[i] = scalar_encode_one(source[i]);
}

__attribute__((target("avx,f16c")))
static void f16c_decode(const uint16_t *source, float *destination, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 wide = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(source + i)));
        _mm256_storeu_ps(destination + i, wide);
    }
    for (; i < count; i++) destination[i] = scalar_decode_one(source[i]);
}

__attribute__((target("avx,f16c,fma")))
static float horizontal_sum(__m256 v) {
    __m128 low = _mm256_castps256_ps128(v), high = _mm256_extractf128_ps(v, 1);
    __m128 sum = _mm_add_ps(low, high);
    sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
    sum = _mm_add_ss(sum, _mm_shuffle_ps(sum, sum, 1));
    return _mm_cvtss_f32(sum);
}

__attribute__((target("avx,f16c,fma")))
static void f16c_dot_rows(const uint16_t *matrix, size_t rows, size_t dimension,
                          const float *query, float *scores) {
    for (size_t r = 0; r < rows; r++) {
        const uint16_t *row = matrix + r * dimension;
        /* four accumulators hide the FMA latency */
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
        __m256 a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
        size_t d = 0;
        for (; d + 32 <= dimension; d += 32) {
            a0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + d))),
                                 _mm256_loadu_ps(query + d), a0);
            a1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + d + 8))),
                                 _mm256_loadu_ps(query + d + 8), a1);
            a2 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + d + 16))),
                                 _mm256_loadu_ps(query + d + 16), a2);
            a3 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + d + 24))),
                                 _mm256_loadu_ps(query + d + 24), a3);
        }
        for (; d + 8 <= dimension; d += 8) {
            a0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + d))),
                                 _mm256_loadu_ps(query + d), a0);
        }
        float sum = horizontal_sum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
        for (; d < dimension; d++) sum += scalar_decode_one(row[d]) * query[d];
        scores[r] = sum;
    }
}

/* ---- dispatch ----------------------------------------------------------------- */

void chalf_encode_scalar(const float *source, uint16_t *destination, size_t count) {
    for (size_t i = 0; i < count; i++) destination[i] = scalar_encode_one(source[i]);
}

void chalf_decode_scalar(const uint16_t *source, float *destination, size_t count) {
    for (size_t i = 0; i < count; i++) destination[i] = scalar_decode_one(source[i]);
}

void chalf_dot_rows_scalar(const uint16_t *matrix, size_t rows, size_t dimension,
                           const float *query, float *scores) {
    for (size_t r = 0; r < rows; r++) {
        const uint16_t *row = matrix + r * dimension;
        float sum = 0;
        for (size_t d = 0; d < dimension; d++) sum += scalar_decode_one(row[d]) * query[d];
        scores[r] = sum;
    }
}

void chalf_encode(const float *source, uint16_t *destination, size_t count) {
    if (cpu_has_f16c()) f16c_encode(source, destination, count);
    else chalf_encode_scalar(source, destination, count);
}

void chalf_decode(const uint16_t *source, float *destination, size_t count) {
    if (cpu_has_f16c()) f16c_decode(source, destination, count);
    else chalf_decode_scalar(source, destination, count);
}

void chalf_dot_rows(const uint16_t *matrix, size_t rows, size_t dimension,
                    const float *query, float *scores) {
    if (cpu_has_f16c()) f16c_dot_rows(matrix, rows, dimension, query, scores);
    else chalf_dot_rows_scalar(matrix, rows, dimension, query, scores);
}

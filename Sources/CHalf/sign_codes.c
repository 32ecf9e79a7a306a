#include "sign_codes.h"
#include <immintrin.h>
#include <math.h>

/* The AVX2 and scalar paths must give bit-identical estimates (the tests compare them):
   the integer counts are exact either way, and no multiply-add may be fused differently. */
#pragma STDC FP_CONTRACT OFF

static int cpu_has_avx2(void) {
    static int detected = -1;  /* a benign race: every thread computes the same answer */
    if (detected < 0) {
        __builtin_cpu_init();
        detected = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
    }
    return detected;
}

int signcode_uses_avx2(void) { return cpu_has_avx2(); }

void signcode_encode(const float *rows, size_t count, size_t dimension, const float *centre,
                     int normalize, uint64_t *codes, float *scales) {
    size_t words = (dimension + 63) / 64;
    for (size_t r = 0; r < count; r++) {
        const float *row = rows + r * dimension;
        uint64_t *code = codes + r * words;
        float inverse = 1.0f;
        if (normalize) {
            double squares = 0;
            for (size_t d = 0; d < dimension; d++) squares += (double)row[d] * row[d];
            inverse = squares > 0 ? (float)(1.0 / sqrt(squares)) : 0.0f;
        }
        for (size_t w = 0; w < words; w++) code[w] = 0;
        double magnitude = 0;
        for (size_t d = 0; d < dimension; d++) {
            float value = row[d] * inverse - centre[d];
            if (value >= 0) code[d / 64] |= (uint64_t)1 << (d % 64);
            magnitude += fabs((double)value);
        }
        scales[r] = dimension > 0 ? (float)(magnitude / (double)dimension) : 0.0f;
    }
}

static inline float combine(float scale, uint32_t ones, uint32_t weighted, float low, float step, float query_sum) {
    float selected = low * (float)ones + step * (float)weighted;  /* Σ of the query over set bits */
    return scale * (2.0f * selected - query_sum);
}

void signcode_estimates_scalar(const uint64_t *codes, const float *scales, size_t count, size_t words,
                               const uint64_t *planes, int bits, float low, float step, float query_sum,
                               float *estimates) {
    for (size_t r = 0; r < count; r++) {
        const uint64_t *code = codes + r * words;
        uint32_t ones = 0, weighted = 0;
        for (size_t w = 0; w < words; w++) {
            ones += (uint32_t)__builtin_popcountll(code[w]);
            for (int b = 0; b < bits; b++)
                weighted += (uint32_t)__builtin_popcountll(code[w] & planes[(size_t)b * words + w]) << b;
        }
        estimates[r] = combine(scales[r], ones, weighted, low, step, query_sum);
    }
}

/* Bits set in each byte of v (the nibble lookup: AVX2 has no vector popcount). */
__attribute__((target("avx2")))
static inline __m256i popcount_bytes(__m256i v) {
    const __m256i table = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                                           0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
    const __m256i nibble = _mm256_set1_epi8(0x0f);
    __m256i low = _mm256_and_si256(v, nibble);
    __m256i high = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
    return _mm256_add_epi8(_mm256_shuffle_epi8(table, low), _mm256_shuffle_epi8(table, high));
}

__attribute__((target("avx2,popcnt")))
static void avx2_estimates(const uint64_t *codes, const float *scales, size_t count, size_t words,
                           const uint64_t *planes, int bits, float low, float step, float query_sum,
                           float *estimates) {
    size_t chunks = words / 4;  /* 256-bit chunks; the remaining words go through popcnt */
    __m256i plane_chunks[5][4];  /* up to 5 bits × 4 chunks (256 components) held in registers/stack */
    size_t held = chunks < 4 ? chunks : 4;
    for (int b = 0; b < bits; b++)
        for (size_t c = 0; c < held; c++)
            plane_chunks[b][c] = _mm256_loadu_si256((const __m256i *)(planes + (size_t)b * words + c * 4));
    const __m256i zero = _mm256_setzero_si256();
    for (size_t r = 0; r < count; r++) {
        const uint64_t *code = codes + r * words;
        __m256i ones_sum = zero, weighted_sum = zero;
        for (size_t c = 0; c < chunks; c++) {
            __m256i v = _mm256_loadu_si256((const __m256i *)(code + c * 4));
            /* Horner over the planes, per byte: Σ_b 2^b · count_b ≤ 8 · 31 fits a byte for bits ≤ 5. */
            __m256i weighted = zero;
            for (int b = bits - 1; b >= 0; b--) {
                __m256i plane = c < held ? plane_chunks[b][c]
                                         : _mm256_loadu_si256((const __m256i *)(planes + (size_t)b * words + c * 4));
                weighted = _mm256_add_epi8(_mm256_add_epi8(weighted, weighted),
                                           popcount_bytes(_mm256_and_si256(v, plane)));
            }
            ones_sum = _mm256_add_epi64(ones_sum, _mm256_sad_epu8(popcount_bytes(v), zero));
            weighted_sum = _mm256_add_epi64(weighted_sum, _mm256_sad_epu8(weighted, zero));
        }
        /* ones in the low 32 bits of each lane, weighted in the high 32: one horizontal sum for both */
        __m256i both = _mm256_add_epi64(ones_sum, _mm256_slli_epi64(weighted_sum, 32));
        __m128i half = _mm_add_epi64(_mm256_castsi256_si128(both), _mm256_extracti128_si256(both, 1));
        uint64_t total = (uint64_t)_mm_cvtsi128_si64(half) + (uint64_t)_mm_extract_epi64(half, 1);
        uint32_t ones = (uint32_t)total, weighted = (uint32_t)(total >> 32);
        for (size_t w = chunks * 4; w < words; w++) {
            ones += (uint32_t)__builtin_popcountll(code[w]);
            for (int b = 0; b < bits; b++)
                weighted += (uint32_t)__builtin_popcountll(code[w] & planes[(size_t)b * words + w]) << b;
        }
        estimates[r] = combine(scales[r], ones, weighted, low, step, query_sum);
    }
}

void signcode_estimates(const uint64_t *codes, const float *scales, size_t count, size_t words,
                        const uint64_t *planes, int bits, float low, float step, float query_sum,
                        float *estimates) {
    if (bits < 1 || bits > 5) return;
    if (cpu_has_avx2()) avx2_estimates(codes, scales, count, words, planes, bits, low, step, query_sum, estimates);
    else signcode_estimates_scalar(codes, scales, count, words, planes, bits, low, step, query_sum, estimates);
}

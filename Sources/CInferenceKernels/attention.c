#include "attention.h"

/// Keys are handled 16 at a time; their count is padded to that.
static int padded_keys(int n) { return (n + 15) & ~15; }

long inference_attention_scratch_size(int n, int d) {
    long padded = padded_keys(n);
    return padded * d + (long)n * padded;  // Kᵀ [d × padded], then scores [n × padded]
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "gelu_avx2.h"

static inline KERNEL float horizontal_max(__m256 v) {
    __m128 half = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    half = _mm_max_ps(half, _mm_movehl_ps(half, half));
    half = _mm_max_ss(half, _mm_movehdup_ps(half));
    return _mm_cvtss_f32(half);
}

static inline KERNEL float horizontal_sum(__m256 v) {
    __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    half = _mm_add_ps(half, _mm_movehl_ps(half, half));
    half = _mm_add_ss(half, _mm_movehdup_ps(half));
    return _mm_cvtss_f32(half);
}

/// Lanes below `count` (0…8) set.
static inline KERNEL __m256i lanes_below(int count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// scores [n × padded] ← scale · Q·Kᵀ (+ bias[j − i] when bias is not null), four query rows
/// by sixteen keys at a time; the rows past n of the last group repeat row n − 1 and are not stored.
static KERNEL void score(
    int n, int d, int padded, const float *q, int ld, const float *kt, float scale, const float *bias, float *scores)
{
    __m256 scaling = _mm256_set1_ps(scale);
    for (int i = 0; i < n; i += 4) {
        const float *rows[4];
        for (int r = 0; r < 4; r++) rows[r] = q + (long)(i + r < n ? i + r : n - 1) * ld;
        for (int j = 0; j < padded; j += 16) {
            __m256 sums[4][2];
            for (int r = 0; r < 4; r++) sums[r][0] = sums[r][1] = _mm256_setzero_ps();
            for (int p = 0; p < d; p++) {
                __m256 low = _mm256_loadu_ps(kt + (long)p * padded + j), high = _mm256_loadu_ps(kt + (long)p * padded + j + 8);
                for (int r = 0; r < 4; r++) {
                    __m256 query = _mm256_broadcast_ss(rows[r] + p);
                    sums[r][0] = _mm256_fmadd_ps(query, low, sums[r][0]);
                    sums[r][1] = _mm256_fmadd_ps(query, high, sums[r][1]);
                }
            }
            for (int r = 0; r < 4 && i + r < n; r++) {
                __m256 low = _mm256_mul_ps(sums[r][0], scaling), high = _mm256_mul_ps(sums[r][1], scaling);
                if (bias) {
                    const float *row_bias = bias - (i + r) + j;
                    low = _mm256_add_ps(low, _mm256_loadu_ps(row_bias));
                    high = _mm256_add_ps(high, _mm256_loadu_ps(row_bias + 8));
                }
                _mm256_storeu_ps(scores + (long)(i + r) * padded + j, low);
                _mm256_storeu_ps(scores + (long)(i + r) * padded + j + 8, high);
            }
        }
    }
}

/// Each row's first n scores ← softmax of them, shifted by the row maximum; the padding
/// after them ← 0, so that it adds nothing to the context.
static KERNEL void normalize(int n, int padded, float *scores) {
    for (int i = 0; i < n; i++) {
        float *row = scores + (long)i * padded;
        __m256 maxima = _mm256_set1_ps(-__builtin_inff());
        for (int j = 0; j < padded; j += 8) {
            __m256 valid = _mm256_castsi256_ps(lanes_below(n - j));
            maxima = _mm256_max_ps(maxima, _mm256_blendv_ps(_mm256_set1_ps(-__builtin_inff()), _mm256_loadu_ps(row + j), valid));
        }
        __m256 maximum = _mm256_set1_ps(horizontal_max(maxima));
        __m256 sums = _mm256_setzero_ps();
        for (int j = 0; j < padded; j += 8) {
            __m256 valid = _mm256_castsi256_ps(lanes_below(n - j));
            __m256 e = _mm256_and_ps(exponential(_mm256_sub_ps(_mm256_loadu_ps(row + j), maximum)), valid);
            _mm256_storeu_ps(row + j, e);
            sums = _mm256_add_ps(sums, e);
        }
        __m256 inverse = _mm256_set1_ps(1.0f / horizontal_sum(sums));
        for (int j = 0; j < padded; j += 8) _mm256_storeu_ps(row + j, _mm256_mul_ps(_mm256_loadu_ps(row + j), inverse));
    }
}

/// context [n × d] ← weights [n × padded] · V, four rows by sixteen dimensions at a time.
static KERNEL void mix(int n, int d, int padded, const float *weights, const float *v, int ld, float *context, int ldc) {
    for (int i = 0; i < n; i += 4) {
        const float *rows[4];
        for (int r = 0; r < 4; r++) rows[r] = weights + (long)(i + r < n ? i + r : n - 1) * padded;
        for (int c = 0; c < d; c += 16) {
            int wide = c + 16 <= d;  // else the last 8 dimensions (d is a multiple of 8)
            __m256 sums[4][2];
            for (int r = 0; r < 4; r++) sums[r][0] = sums[r][1] = _mm256_setzero_ps();
            for (int j = 0; j < n; j++) {
                const float *values = v + (long)j * ld + c;
                __m256 low = _mm256_loadu_ps(values), high = wide ? _mm256_loadu_ps(values + 8) : _mm256_setzero_ps();
                for (int r = 0; r < 4; r++) {
                    __m256 weight = _mm256_broadcast_ss(rows[r] + j);
                    sums[r][0] = _mm256_fmadd_ps(weight, low, sums[r][0]);
                    sums[r][1] = _mm256_fmadd_ps(weight, high, sums[r][1]);
                }
            }
            for (int r = 0; r < 4 && i + r < n; r++) {
                float *out = context + (long)(i + r) * ldc + c;
                _mm256_storeu_ps(out, sums[r][0]);
                if (wide) _mm256_storeu_ps(out + 8, sums[r][1]);
            }
        }
    }
}

KERNEL void inference_attention_head(
    int n, int d, const float *q, const float *k, const float *v, int ld, float scale,
    const float *position_bias, float *context, int ldc, float *scratch)
{
    if (n <= 0 || d <= 0) return;
    int padded = padded_keys(n);
    float *kt = scratch, *scores = scratch + (long)padded * d;
    // Kᵀ, so that sixteen keys' values of one dimension are adjacent; padded keys are 0.
    for (int j = 0; j < padded; j++)
        for (int p = 0; p < d; p++) kt[(long)p * padded + j] = j < n ? k[(long)j * ld + p] : 0.0f;
    score(n, d, padded, q, ld, kt, scale, position_bias, scores);
    normalize(n, padded, scores);
    mix(n, d, padded, scores, v, ld, context, ldc);
}

#else

void inference_attention_head(
    int n, int d, const float *q, const float *k, const float *v, int ld, float scale,
    const float *position_bias, float *context, int ldc, float *scratch)
{
    (void)n; (void)d; (void)q; (void)k; (void)v; (void)ld; (void)scale; (void)position_bias; (void)context; (void)ldc;
    (void)scratch;
}

#endif

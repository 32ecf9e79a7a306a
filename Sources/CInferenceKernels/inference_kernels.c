#include "inference_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

int inference_kernels_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

#define KERNEL __attribute__((target("avx2,fma")))
#define TILE_ROWS 4     /* rows of A per tile */
#define TILE_COLUMNS 3  /* rows of B (outputs) per tile: 4 × 3 accumulators fill the 16 registers */

/// The sum of the eight lanes of v.
static inline KERNEL float lane_sum(__m256 v) {
    __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    half = _mm_add_ps(half, _mm_movehl_ps(half, half));
    half = _mm_add_ss(half, _mm_movehdup_ps(half));
    return _mm_cvtss_f32(half);
}

/// One rows × columns tile of C: every product accumulates eight lanes of k at a time
/// (lane l sums k ≡ l mod 8), the last k % 8 values through a mask, then the lanes are summed.
/// Always inlined with constant `rows` and `columns`, so the loops unroll into registers.
/// Non-null `ahead` rows (k floats each) are prefetched along the way, one cache line per
/// 16 floats of k.
static inline __attribute__((always_inline, target("avx2,fma"))) void tile(
    const int rows, const int columns, int k, __m256i tail_mask,
    const float *a, int lda, const float *b, int ldb, int accumulate, float *c, int ldc,
    const float *const ahead[TILE_COLUMNS])
{
    __m256 sums[TILE_ROWS][TILE_COLUMNS];
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < columns; j++) sums[i][j] = _mm256_setzero_ps();
    int p = 0;
    for (; p + 8 <= k; p += 8) {
        __m256 weights[TILE_COLUMNS];
        for (int j = 0; j < columns; j++) weights[j] = _mm256_loadu_ps(b + (long)j * ldb + p);
        if ((p & 15) == 0)
            for (int j = 0; j < TILE_COLUMNS; j++)
                if (ahead[j]) _mm_prefetch((const char *)(ahead[j] + p), _MM_HINT_T0);
        for (int i = 0; i < rows; i++) {
            __m256 inputs = _mm256_loadu_ps(a + (long)i * lda + p);
            for (int j = 0; j < columns; j++) sums[i][j] = _mm256_fmadd_ps(inputs, weights[j], sums[i][j]);
        }
    }
    if (p < k) {
        __m256 weights[TILE_COLUMNS];
        for (int j = 0; j < columns; j++) weights[j] = _mm256_maskload_ps(b + (long)j * ldb + p, tail_mask);
        for (int i = 0; i < rows; i++) {
            __m256 inputs = _mm256_maskload_ps(a + (long)i * lda + p, tail_mask);
            for (int j = 0; j < columns; j++) sums[i][j] = _mm256_fmadd_ps(inputs, weights[j], sums[i][j]);
        }
    }
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
            float *out = c + (long)i * ldc + j;
            float sum = lane_sum(sums[i][j]);
            *out = accumulate ? *out + sum : sum;
        }
    }
}

/// All tiles of `columns` outputs starting at B row j, for every row block of A.
///
/// Meanwhile the next group of weight rows is prefetched, spread over the row blocks (the
/// first three passes take one row each): the weights stream from memory once per product,
/// and without the prefetch every group's first pass would wait on memory while the
/// hardware prefetcher relearns each short row.
static inline __attribute__((always_inline, target("avx2,fma"))) void column_block(
    const int columns, int m, int n_left, int k, __m256i tail_mask,
    const float *a, int lda, const float *b, int ldb, int accumulate, float *c, int ldc)
{
    int blocks = (m + TILE_ROWS - 1) / TILE_ROWS;
    int spread = blocks < TILE_COLUMNS ? blocks : TILE_COLUMNS;
    int next_rows = n_left - columns < TILE_COLUMNS ? n_left - columns : TILE_COLUMNS;
    for (int block = 0, i = 0; block < blocks; block++, i += TILE_ROWS) {
        const float *ahead[TILE_COLUMNS] = {0, 0, 0};
        for (int row = 0; row < next_rows; row++)
            if (row % spread == block) ahead[row] = b + (long)(columns + row) * ldb;
        const float *rows_a = a + (long)i * lda;
        float *rows_c = c + (long)i * ldc;
        switch (m - i < TILE_ROWS ? m - i : TILE_ROWS) {
        case 4: tile(4, columns, k, tail_mask, rows_a, lda, b, ldb, accumulate, rows_c, ldc, ahead); break;
        case 3: tile(3, columns, k, tail_mask, rows_a, lda, b, ldb, accumulate, rows_c, ldc, ahead); break;
        case 2: tile(2, columns, k, tail_mask, rows_a, lda, b, ldb, accumulate, rows_c, ldc, ahead); break;
        default: tile(1, columns, k, tail_mask, rows_a, lda, b, ldb, accumulate, rows_c, ldc, ahead); break;
        }
    }
}

KERNEL void inference_multiply_transposed(
    int m, int n, int k, const float *a, int lda, const float *b, int ldb, int accumulate, float *c, int ldc)
{
    if (m <= 0 || n <= 0) return;
    int tail = k % 8;
    __m256i tail_mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(tail), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    // Outer loop over outputs: each group of weight rows is read from memory once and
    // reused from cache by every row block of A.
    int j = 0;
    for (; j + TILE_COLUMNS <= n; j += TILE_COLUMNS)
        column_block(TILE_COLUMNS, m, n - j, k, tail_mask, a, lda, b + (long)j * ldb, ldb, accumulate, c + j, ldc);
    switch (n - j) {
    case 2: column_block(2, m, n - j, k, tail_mask, a, lda, b + (long)j * ldb, ldb, accumulate, c + j, ldc); break;
    case 1: column_block(1, m, n - j, k, tail_mask, a, lda, b + (long)j * ldb, ldb, accumulate, c + j, ldc); break;
    default: break;
    }
}

/// e^x for x ≤ 0 (the GELU tail): as `FastMath.exp`, with fused multiply-adds.
static inline KERNEL __m256 exponential(__m256 x) {
    x = _mm256_max_ps(x, _mm256_set1_ps(-87.33f));
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693145751953125f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(1.428606765330187e-6f), r);
    __m256 p = _mm256_set1_ps(1.0f / 5040);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    __m256i exponent = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(exponent));
}

/// GELU(x) = x · Φ(x) for eight values: the method and coefficients of `FastMath.gelu`.
static inline KERNEL __m256 gelu(__m256 x) {
    __m256 z = _mm256_min_ps(
        _mm256_mul_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.0f), x), _mm256_set1_ps(0.70710677f)), _mm256_set1_ps(9.0f));
    __m256 t = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(_mm256_set1_ps(0.5f), z, _mm256_set1_ps(1.0f)));
    static const float coefficients[11] = {
        0.01768611930310726f, -0.09434361755847931f, 0.18765439093112946f, -0.14021199941635132f,
        -0.015356607735157013f, 0.02047436684370041f, 0.02626313641667366f, 0.09312665462493896f,
        0.12253152579069138f, 0.14113201200962067f, 0.1410440057516098f,
    };
    __m256 p = _mm256_set1_ps(coefficients[0]);
    for (int i = 1; i < 11; i++) p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(coefficients[i]));
    __m256 half_erfc = _mm256_mul_ps(_mm256_mul_ps(t, p), exponential(_mm256_mul_ps(_mm256_sub_ps(_mm256_setzero_ps(), z), z)));
    __m256 positive = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GE_OQ);
    __m256 phi = _mm256_blendv_ps(half_erfc, _mm256_sub_ps(_mm256_set1_ps(1.0f), half_erfc), positive);
    return _mm256_mul_ps(x, phi);
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

void inference_multiply_transposed(
    int m, int n, int k, const float *a, int lda, const float *b, int ldb, int accumulate, float *c, int ldc)
{
    (void)m; (void)n; (void)k; (void)a; (void)lda; (void)b; (void)ldb; (void)accumulate; (void)c; (void)ldc;
}

void inference_add_bias_gelu(float *rows, int row_count, int width, int stride, const float *bias) {
    (void)rows; (void)row_count; (void)width; (void)stride; (void)bias;
}

#endif

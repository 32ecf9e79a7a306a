#include "int8_product.h"
#include "packed_product.h"
#include "inference_kernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PANEL INFERENCE_INT8_PANEL_WIDTH
/// Rows of A packed together (4 tiles of 6): the weights of a panel are read once per block.
#define ROW_BLOCK 24
#define TILE_ROWS 6

int inference_int8_row_length(int k) {
    return (k + 1) / 2 * 2;
}

long inference_int8_packed_size(int n, int k) {
    return (long)((n + PANEL - 1) / PANEL) * PANEL * (long)inference_int8_row_length(k);
}

/// The quantization step shared by every form: 127 / max|x| (0 for a row of zeros), and
/// q = round-to-nearest-even(x · inverse) — lrintf and `vcvtps2dq` round the same way.
static float inverse_scale(float largest) {
    return largest > 0 ? 127.0f / largest : 0.0f;
}

int inference_int8_block_count(int k) {
    return (k + INFERENCE_INT8_BLOCK - 1) / INFERENCE_INT8_BLOCK;
}

/// Quantizes values [begin, end) of `row` with one scale (round to nearest even); returns the scale.
static float quantize_span(const float *row, int begin, int end, int8_t *out) {
    float largest = 0;
    for (int p = begin; p < end; p++) largest = fmaxf(largest, fabsf(row[p]));
    float inverse = inverse_scale(largest);
    for (int p = begin; p < end; p++) out[p] = (int8_t)lrintf(row[p] * inverse);
    return largest / 127.0f;
}

void inference_int8_quantize_rows_portable(int m, int k, const float *a, int lda, int8_t *q, int ldq, float *scales) {
    int length = inference_int8_row_length(k), blocks = inference_int8_block_count(k);
    for (int i = 0; i < m; i++) {
        const float *row = a + (long)i * lda;
        int8_t *out = q + (long)i * ldq;
        for (int b = 0; b < blocks; b++) {
            int begin = b * INFERENCE_INT8_BLOCK, end = begin + INFERENCE_INT8_BLOCK < k ? begin + INFERENCE_INT8_BLOCK : k;
            scales[(long)i * blocks + b] = quantize_span(row, begin, end, out);
        }
        for (int p = k; p < length; p++) out[p] = 0;
    }
}

long inference_int8_weight_scale_count(int n, int k) {
    return (long)((n + PANEL - 1) / PANEL) * PANEL * (long)inference_int8_block_count(k);
}

void inference_int8_pack_rows(const float *const *rows, int n, int k, int8_t *packed, float *scales) {
    int length = inference_int8_row_length(k), pairs = length / 2, blocks = inference_int8_block_count(k);
    int panels = (n + PANEL - 1) / PANEL;
    int8_t *quantized = malloc((size_t)length > 0 ? (size_t)length : 1);
    if (!quantized) abort();
    for (int panel = 0; panel < panels; panel++) {
        int8_t *out = packed + (long)panel * PANEL * length;
        float *panel_scales = scales + (long)panel * blocks * PANEL;
        for (int lane = 0; lane < PANEL; lane++) {
            int row = panel * PANEL + lane;
            memset(quantized, 0, (size_t)length);
            for (int b = 0; b < blocks; b++) {
                int begin = b * INFERENCE_INT8_BLOCK, end = begin + INFERENCE_INT8_BLOCK < k ? begin + INFERENCE_INT8_BLOCK : k;
                panel_scales[b * PANEL + lane] = row < n ? quantize_span(rows[row], begin, end, quantized) : 0.0f;
            }
            for (int p = 0; p < pairs; p++) {
                out[p * 2 * PANEL + 2 * lane] = quantized[2 * p];
                out[p * 2 * PANEL + 2 * lane + 1] = quantized[2 * p + 1];
            }
        }
    }
    free(quantized);
}

/// Σₚ A[i, p] · W[j, p] for one output, read from the packed layout.
static int32_t packed_sum(const int8_t *row, int k, const int8_t *packed, int column) {
    int length = inference_int8_row_length(k);
    const int8_t *panel = packed + (long)(column / PANEL) * PANEL * length;
    int lane = column % PANEL;
    int32_t sum = 0;
    for (int p = 0; p < length; p++) sum += (int32_t)row[p] * panel[(p / 2) * 2 * PANEL + 2 * lane + p % 2];
    return sum;
}

void inference_int8_sums_portable(
    int m, int k, const int8_t *a, int lda, const int8_t *packed, int column_begin, int column_end,
    int32_t *c, int ldc)
{
    for (int i = 0; i < m; i++)
        for (int j = column_begin; j < column_end; j++)
            c[(long)i * ldc + j] = packed_sum(a + (long)i * lda, k, packed, j);
}

void inference_int8_multiply_portable(
    int m, int k, const int8_t *a, int lda, const float *a_scales, const int8_t *packed, const float *w_scales,
    int column_begin, int column_end, const float *bias, int accumulate, float *c, int ldc)
{
    int length = inference_int8_row_length(k), blocks = inference_int8_block_count(k);
    for (int i = 0; i < m; i++)
        for (int j = column_begin; j < column_end; j++) {
            const int8_t *row = a + (long)i * lda;
            const int8_t *panel = packed + (long)(j / PANEL) * PANEL * length;
            const float *panel_scales = w_scales + (long)(j / PANEL) * blocks * PANEL;
            int lane = j % PANEL;
            float total = 0;
            for (int b = 0; b < blocks; b++) {
                int begin = b * INFERENCE_INT8_BLOCK;
                int end = begin + INFERENCE_INT8_BLOCK < length ? begin + INFERENCE_INT8_BLOCK : length;
                int32_t sum = 0;
                for (int p = begin; p < end; p++) sum += (int32_t)row[p] * panel[(p / 2) * 2 * PANEL + 2 * lane + p % 2];
                // The AVX2 kernel's operations in its order: one product of the two scales, one fused multiply-add.
                float scale = a_scales[(long)i * blocks + b] * panel_scales[b * PANEL + lane];
                total = fmaf((float)sum, scale, total);
            }
            float *out = c + (long)i * ldc + j;
            float b = bias ? bias[j] : 0.0f;
            float start = accumulate ? *out + b : b;
            *out = start + total;
        }
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "gelu_avx2.h"

static inline KERNEL float horizontal_max(__m256 v) {
    __m128 x = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    x = _mm_max_ps(x, _mm_movehl_ps(x, x));
    x = _mm_max_ss(x, _mm_shuffle_ps(x, x, 1));
    return _mm_cvtss_f32(x);
}

KERNEL void inference_int8_quantize_rows(int m, int k, const float *a, int lda, int8_t *q, int ldq, float *scales) {
    int length = inference_int8_row_length(k), blocks = inference_int8_block_count(k);
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    for (int i = 0; i < m; i++) {
        const float *row = a + (long)i * lda;
        int8_t *out = q + (long)i * ldq;
        for (int b = 0; b < blocks; b++) {
            int begin = b * INFERENCE_INT8_BLOCK, end = begin + INFERENCE_INT8_BLOCK < k ? begin + INFERENCE_INT8_BLOCK : k;
            __m256 largest8 = _mm256_setzero_ps();
            int p = begin;
            for (; p + 8 <= end; p += 8) largest8 = _mm256_max_ps(largest8, _mm256_and_ps(_mm256_loadu_ps(row + p), magnitude));
            float largest = horizontal_max(largest8);
            for (; p < end; p++) largest = fmaxf(largest, fabsf(row[p]));
            float inverse = inverse_scale(largest);
            __m256 inverse8 = _mm256_set1_ps(inverse);
            p = begin;
            for (; p + 32 <= end; p += 32) {
                __m256i q0 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(row + p), inverse8));
                __m256i q1 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(row + p + 8), inverse8));
                __m256i q2 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(row + p + 16), inverse8));
                __m256i q3 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(row + p + 24), inverse8));
                // The packs work within 128-bit lanes; the permutation puts the 32 bytes in order.
                __m256i bytes = _mm256_packs_epi16(_mm256_packs_epi32(q0, q1), _mm256_packs_epi32(q2, q3));
                _mm256_storeu_si256((__m256i *)(out + p), _mm256_permutevar8x32_epi32(bytes, order));
            }
            for (; p < end; p++) out[p] = (int8_t)lrintf(row[p] * inverse);
            scales[(long)i * blocks + b] = largest / 127.0f;
        }
        for (int p = k; p < length; p++) out[p] = 0;
    }
}

/// Rows of quantized A into `tiles` tiles of [pairs × 6] int32, each int32 two consecutive
/// inputs widened to int16 (what `vpmaddwd` pairs with a weight pair). Rows spread evenly
/// over the tiles as in the float kernel.
static inline int tile_start(int t, int tiles, int rows) {
    return (int)((long)t * rows / tiles);
}

static KERNEL void pack_input_pairs(const int8_t *a, long lda, int row_count, int tiles, int pairs, int32_t *packed) {
    for (int t = 0; t < tiles; t++) {
        int32_t *tile_rows = packed + (long)t * TILE_ROWS * pairs;
        int start = tile_start(t, tiles, row_count), count = tile_start(t + 1, tiles, row_count) - start;
        for (int r = 0; r < count; r++) {
            const int8_t *source = a + (long)(start + r) * lda;
            for (int p = 0; p < pairs; p++)
                tile_rows[p * TILE_ROWS + r] =
                    (int32_t)((uint32_t)(uint16_t)(int16_t)source[2 * p] | ((uint32_t)(uint16_t)(int16_t)source[2 * p + 1] << 16));
        }
    }
}

/// One tile: `rows` (1…6) rows against one panel over every input pair. The int32 sums of
/// each block of `block_pairs` pairs are scaled by their rows' block scales (`a_scales`, rows
/// `blocks` apart) into float sums; without scales (the exact-sum entry) one block spans all
/// pairs and the int32 sums are left in `sums`.
static inline __attribute__((always_inline, target("avx2,fma"))) void int8_tile(
    const int rows, int pairs, int block_pairs, const int32_t *a, const float *a_scales, int blocks,
    const int8_t *panel, const float *panel_scales, const int8_t *ahead, __m256i sums[TILE_ROWS][2],
    __m256 scaled[TILE_ROWS][2])
{
    for (int i = 0; i < rows; i++) scaled[i][0] = scaled[i][1] = _mm256_setzero_ps();
    for (int b = 0, p0 = 0; b == 0 || p0 < pairs; b++, p0 += block_pairs) {
        int p1 = p0 + block_pairs < pairs ? p0 + block_pairs : pairs;
        for (int i = 0; i < rows; i++) sums[i][0] = sums[i][1] = _mm256_setzero_si256();
#pragma clang loop unroll_count(4)
        for (int p = p0; p < p1; p++) {
            if (ahead) _mm_prefetch((const char *)(ahead + p * 2 * PANEL), _MM_HINT_T0);
            __m256i low = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(panel + p * 2 * PANEL)));
            __m256i high = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(panel + p * 2 * PANEL + PANEL)));
            for (int i = 0; i < rows; i++) {
                __m256i input = _mm256_set1_epi32(a[p * TILE_ROWS + i]);
                sums[i][0] = _mm256_add_epi32(sums[i][0], _mm256_madd_epi16(input, low));
                sums[i][1] = _mm256_add_epi32(sums[i][1], _mm256_madd_epi16(input, high));
            }
        }
        if (!a_scales || b >= blocks) return;
        __m256 w_low = _mm256_loadu_ps(panel_scales + b * PANEL), w_high = _mm256_loadu_ps(panel_scales + b * PANEL + 8);
        for (int i = 0; i < rows; i++) {
            __m256 a_scale = _mm256_broadcast_ss(a_scales + (long)i * blocks + b);
            scaled[i][0] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sums[i][0]), _mm256_mul_ps(a_scale, w_low), scaled[i][0]);
            scaled[i][1] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sums[i][1]), _mm256_mul_ps(a_scale, w_high), scaled[i][1]);
        }
    }
}

/// What to do with a tile's sums: store them as int32 (`c_int`), or scale them to floats.
struct tile_output {
    int32_t *c_int;
    float *c;
    long ldc;
    __m256 bias_low, bias_high;
    int accumulate, activation, full;
    __m256i low_mask, high_mask;
};

static inline __attribute__((always_inline, target("avx2,fma"))) void store_tile(
    const int rows, __m256i sums[TILE_ROWS][2], __m256 scaled[TILE_ROWS][2], const struct tile_output *o)
{
    for (int i = 0; i < rows; i++) {
        if (o->c_int) {
            int32_t *out = o->c_int + i * o->ldc;
            _mm256_maskstore_epi32(out, o->low_mask, sums[i][0]);
            _mm256_maskstore_epi32(out + 8, o->high_mask, sums[i][1]);
            continue;
        }
        float *out = o->c + i * o->ldc;
        __m256 start_low = o->bias_low, start_high = o->bias_high;
        if (o->accumulate) {
            __m256 c_low = o->full ? _mm256_loadu_ps(out) : _mm256_maskload_ps(out, o->low_mask);
            __m256 c_high = o->full ? _mm256_loadu_ps(out + 8) : _mm256_maskload_ps(out + 8, o->high_mask);
            start_low = _mm256_add_ps(c_low, start_low);
            start_high = _mm256_add_ps(c_high, start_high);
        }
        __m256 low = _mm256_add_ps(start_low, scaled[i][0]);
        __m256 high = _mm256_add_ps(start_high, scaled[i][1]);
        if (o->activation == INFERENCE_ACTIVATION_GELU) {
            low = gelu(low);
            high = gelu(high);
        } else if (o->activation == INFERENCE_ACTIVATION_GELU_TANH) {
            low = gelu_tanh(low);
            high = gelu_tanh(high);
        } else if (o->activation == INFERENCE_ACTIVATION_RELU) {
            low = _mm256_max_ps(low, _mm256_setzero_ps());
            high = _mm256_max_ps(high, _mm256_setzero_ps());
        }
        if (o->full) {
            _mm256_storeu_ps(out, low);
            _mm256_storeu_ps(out + 8, high);
        } else {
            _mm256_maskstore_ps(out, o->low_mask, low);
            _mm256_maskstore_ps(out + 8, o->high_mask, high);
        }
    }
}

/// The body of both AVX2 entry points: c_int non-null stores the sums, else floats into c.
static KERNEL void int8_product(
    int m, int k, const int8_t *a, int lda, const float *a_scales, const int8_t *packed, const float *w_scales,
    int column_begin, int column_end, const float *bias, int accumulate, int activation,
    float *c, int32_t *c_int, int ldc)
{
    if (m <= 0 || column_begin >= column_end) return;
    int length = inference_int8_row_length(k), pairs = length / 2, blocks = inference_int8_block_count(k);
    int block_pairs = a_scales ? INFERENCE_INT8_BLOCK / 2 : (pairs > 0 ? pairs : 1);
    int32_t *input_tiles = aligned_alloc(32, ((size_t)ROW_BLOCK * (size_t)(pairs > 0 ? pairs : 1) * 4 + 31) / 32 * 32);
    if (!input_tiles) abort();
    __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (int i0 = 0; i0 < m; i0 += ROW_BLOCK) {
        int i_end = i0 + ROW_BLOCK < m ? i0 + ROW_BLOCK : m;
        int block_rows = i_end - i0, tiles = (block_rows + TILE_ROWS - 1) / TILE_ROWS;
        pack_input_pairs(a + (long)i0 * lda, lda, block_rows, tiles, pairs, input_tiles);
        for (int column = column_begin; column < column_end; column += PANEL) {
            int width = column_end - column < PANEL ? column_end - column : PANEL;
            struct tile_output o;
            o.low_mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(width), lanes);
            o.high_mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(width - 8), lanes);
            o.full = width == PANEL;
            o.c_int = c_int;
            o.c = c;
            o.ldc = ldc;
            o.accumulate = accumulate;
            o.activation = activation;
            if (!c_int) {
                o.bias_low = bias ? _mm256_maskload_ps(bias + column, o.low_mask) : _mm256_setzero_ps();
                o.bias_high = bias ? _mm256_maskload_ps(bias + column + 8, o.high_mask) : _mm256_setzero_ps();
            }
            const int8_t *panel = packed + (long)(column / PANEL) * PANEL * length;
            const float *panel_scales = w_scales ? w_scales + (long)(column / PANEL) * blocks * PANEL : 0;
            const int8_t *ahead = column + PANEL < column_end ? panel + (long)PANEL * length : 0;
            for (int t = 0; t < tiles; t++) {
                int start = tile_start(t, tiles, block_rows);
                const int32_t *tile_a = input_tiles + (long)t * TILE_ROWS * pairs;
                __m256i sums[TILE_ROWS][2];
                __m256 scaled[TILE_ROWS][2];
                long offset = (long)(i0 + start) * ldc + column;
                if (c_int) o.c_int = c_int + offset; else o.c = c + offset;
                const float *tile_scales = a_scales ? a_scales + (long)(i0 + start) * blocks : 0;
                const int8_t *tile_ahead = t == 0 ? ahead : 0;
                switch (tile_start(t + 1, tiles, block_rows) - start) {
#define TILE(r) \
    int8_tile(r, pairs, block_pairs, tile_a, tile_scales, blocks, panel, panel_scales, tile_ahead, sums, scaled); \
    store_tile(r, sums, scaled, &o)
                case 6: TILE(6); break;
                case 5: TILE(5); break;
                case 4: TILE(4); break;
                case 3: TILE(3); break;
                case 2: TILE(2); break;
                default: TILE(1); break;
#undef TILE
                }
            }
        }
    }
    free(input_tiles);
}

void inference_int8_multiply(
    int m, int k, const int8_t *a, int lda, const float *a_scales, const int8_t *packed, const float *w_scales,
    int column_begin, int column_end, const float *bias, int accumulate, int activation, float *c, int ldc)
{
    int8_product(m, k, a, lda, a_scales, packed, w_scales, column_begin, column_end, bias, accumulate, activation,
                 c, 0, ldc);
}

void inference_int8_sums(
    int m, int k, const int8_t *a, int lda, const int8_t *packed, int column_begin, int column_end,
    int32_t *c, int ldc)
{
    int8_product(m, k, a, lda, 0, packed, 0, column_begin, column_end, 0, 0, INFERENCE_ACTIVATION_IDENTITY,
                 0, c, ldc);
}

#else

void inference_int8_quantize_rows(int m, int k, const float *a, int lda, int8_t *q, int ldq, float *scales) {
    inference_int8_quantize_rows_portable(m, k, a, lda, q, ldq, scales);
}

void inference_int8_multiply(
    int m, int k, const int8_t *a, int lda, const float *a_scales, const int8_t *packed, const float *w_scales,
    int column_begin, int column_end, const float *bias, int accumulate, int activation, float *c, int ldc)
{
    (void)activation;
    inference_int8_multiply_portable(m, k, a, lda, a_scales, packed, w_scales, column_begin, column_end, bias,
                                     accumulate, c, ldc);
}

void inference_int8_sums(
    int m, int k, const int8_t *a, int lda, const int8_t *packed, int column_begin, int column_end,
    int32_t *c, int ldc)
{
    inference_int8_sums_portable(m, k, a, lda, packed, column_begin, column_end, c, ldc);
}

#endif

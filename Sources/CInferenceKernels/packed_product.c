#include "packed_product.h"

#define PANEL INFERENCE_PANEL_WIDTH

long inference_packed_size(int n, int k) {
    return (long)((n + PANEL - 1) / PANEL) * PANEL * (long)k;
}

void inference_pack_rows(const float *const *rows, int n, int k, float *packed) {
    int panels = (n + PANEL - 1) / PANEL;
    for (int panel = 0; panel < panels; panel++) {
        const float *sources[PANEL];
        for (int lane = 0; lane < PANEL; lane++) {
            int row = panel * PANEL + lane;
            sources[lane] = row < n ? rows[row] : 0;
        }
        // Written in order, one cache line per input, read as 16 sequential streams.
        float *out = packed + (long)panel * PANEL * k;
        for (int p = 0; p < k; p++, out += PANEL)
            for (int lane = 0; lane < PANEL; lane++) out[lane] = sources[lane] ? sources[lane][p] : 0.0f;
    }
}

/// The inputs are consumed in blocks of at most this many, and the rows of A in blocks of
/// this many, packed into tiles on the stack (48 KiB): the block of A and one panel's
/// slice of the weights ([depth × 16], ≤ 32 KiB) are what the tiles of a panel reuse.
/// (Sizes chosen by measurement on Zen 3: 12–36 rows and 384–512 inputs came out best,
/// level with OpenBLAS's own kernel at the batch shapes of all-MiniLM-L6-v2.)
#define DEPTH_BLOCK 512
#define ROW_BLOCK 24
/// Rows per tile: 6 rows × 16 outputs are 12 of the 16 AVX2 registers.
#define TILE_ROWS 6
// The stack buffer holds ROW_BLOCK / TILE_ROWS whole tiles of DEPTH_BLOCK inputs.
_Static_assert(ROW_BLOCK % TILE_ROWS == 0, "a row block must be whole tiles");

void inference_packed_multiply_portable(
    int m, int k, const float *a, int lda, const float *packed, int n, int column_begin, int column_end,
    const float *bias, int accumulate, float *c, int ldc)
{
    (void)n;
    for (int column = column_begin; column < column_end; column += PANEL) {
        int width = column_end - column < PANEL ? column_end - column : PANEL;
        const float *panel = packed + (long)(column / PANEL) * PANEL * k;
        for (int i = 0; i < m; i++) {
            float sums[PANEL];
            for (int lane = 0; lane < PANEL; lane++) {
                float start = accumulate && lane < width ? c[(long)i * ldc + column + lane] : 0.0f;
                sums[lane] = bias && lane < width ? start + bias[column + lane] : start;
            }
            const float *row = a + (long)i * lda;
            for (int p = 0; p < k; p++)
                for (int lane = 0; lane < PANEL; lane++) sums[lane] += row[p] * panel[(long)p * PANEL + lane];
            for (int lane = 0; lane < width; lane++) c[(long)i * ldc + column + lane] = sums[lane];
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "gelu_avx2.h"

/// One tile: `rows` (1…6, a constant once inlined) rows of A, packed [depth × 6], against
/// one panel slice of `depth` inputs, 12 accumulators of 8 lanes. The first block starts
/// from C (or 0) plus the bias; later blocks start from C; the last applies the activation
/// (`INFERENCE_ACTIVATION_…`) if asked.
/// A non-null `ahead` (the next panel's slice) is prefetched, one cache line per input:
/// the weights come from memory, and this way they arrive while this panel is computed.
static inline __attribute__((always_inline, target("avx2,fma"))) void tile(
    const int rows, int depth, const float *a, const float *panel, float *c, long ldc,
    int full, __m256i low_mask, __m256i high_mask, int load_c, const float *bias, int activation,
    const float *ahead)
{
    __m256 sums[TILE_ROWS][2];
    for (int i = 0; i < rows; i++) {
        if (!load_c) {
            sums[i][0] = _mm256_setzero_ps();
            sums[i][1] = _mm256_setzero_ps();
        } else if (full) {
            sums[i][0] = _mm256_loadu_ps(c + i * ldc);
            sums[i][1] = _mm256_loadu_ps(c + i * ldc + 8);
        } else {
            sums[i][0] = _mm256_maskload_ps(c + i * ldc, low_mask);
            sums[i][1] = _mm256_maskload_ps(c + i * ldc + 8, high_mask);
        }
    }
    if (bias) {
        __m256 low = _mm256_maskload_ps(bias, low_mask), high = _mm256_maskload_ps(bias + 8, high_mask);
        for (int i = 0; i < rows; i++) {
            sums[i][0] = _mm256_add_ps(sums[i][0], low);
            sums[i][1] = _mm256_add_ps(sums[i][1], high);
        }
    }
#pragma clang loop unroll_count(4)
    for (int p = 0; p < depth; p++) {
        if (ahead) _mm_prefetch((const char *)(ahead + p * PANEL), _MM_HINT_T0);
        __m256 low = _mm256_load_ps(panel + p * PANEL), high = _mm256_load_ps(panel + p * PANEL + 8);
        for (int i = 0; i < rows; i++) {
            __m256 input = _mm256_broadcast_ss(a + p * TILE_ROWS + i);
            sums[i][0] = _mm256_fmadd_ps(input, low, sums[i][0]);
            sums[i][1] = _mm256_fmadd_ps(input, high, sums[i][1]);
        }
    }
    if (activation == INFERENCE_ACTIVATION_GELU) {
        for (int i = 0; i < rows; i++) {
            sums[i][0] = gelu(sums[i][0]);
            sums[i][1] = gelu(sums[i][1]);
        }
    } else if (activation == INFERENCE_ACTIVATION_GELU_TANH) {
        for (int i = 0; i < rows; i++) {
            sums[i][0] = gelu_tanh(sums[i][0]);
            sums[i][1] = gelu_tanh(sums[i][1]);
        }
    } else if (activation == INFERENCE_ACTIVATION_RELU) {
        for (int i = 0; i < rows; i++) {
            sums[i][0] = _mm256_max_ps(sums[i][0], _mm256_setzero_ps());
            sums[i][1] = _mm256_max_ps(sums[i][1], _mm256_setzero_ps());
        }
    }
    for (int i = 0; i < rows; i++) {
        if (full) {
            _mm256_storeu_ps(c + i * ldc, sums[i][0]);
            _mm256_storeu_ps(c + i * ldc + 8, sums[i][1]);
        } else {
            _mm256_maskstore_ps(c + i * ldc, low_mask, sums[i][0]);
            _mm256_maskstore_ps(c + i * ldc + 8, high_mask, sums[i][1]);
        }
    }
}

/// Where the t-th of `tiles` tiles of a block of `rows` rows starts: rows are spread
/// evenly (14 rows: 4, 5, 5 rather than 6, 6, 2), since a tile of few rows has too few
/// accumulators to keep both FMA units busy.
static inline int tile_start(int t, int tiles, int rows) {
    return (int)((long)t * rows / tiles);
}

/// Rows of A from `rows` (lda apart), inputs p0 ..< p0 + depth, into `packed` as `tiles`
/// consecutive tiles, each [depth × 6]: the tile's inner loop then reads A as one stream,
/// as it reads the weights. (Lanes past a tile's row count are not written, nor read.)
static KERNEL void pack_input_rows(
    const float *rows, long lda, int row_count, int tiles, int p0, int depth, float *packed)
{
    for (int t = 0; t < tiles; t++) {
        float *tile_rows = packed + (long)t * TILE_ROWS * depth;
        int start = tile_start(t, tiles, row_count), count = tile_start(t + 1, tiles, row_count) - start;
        for (int r = 0; r < count; r++) {
            const float *source = rows + (long)(start + r) * lda + p0;
            for (int p = 0; p < depth; p++) tile_rows[p * TILE_ROWS + r] = source[p];
        }
    }
}

KERNEL void inference_packed_multiply(
    int m, int k, const float *a, int lda, const float *packed, int n, int column_begin, int column_end,
    const float *bias, int accumulate, int activation, float *c, int ldc)
{
    (void)n;
    if (m <= 0 || column_begin >= column_end) return;
    // Equal depth blocks, so that no block is a sliver. (A result's summation order does not
    // depend on the blocks: a block boundary only moves where the running sums pass through C.)
    int blocks = (k + DEPTH_BLOCK - 1) / DEPTH_BLOCK;
    int block_depth = blocks > 0 ? (k + blocks - 1) / blocks : 0;
    float input_tiles[ROW_BLOCK * DEPTH_BLOCK] __attribute__((aligned(32)));
    __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (int p0 = 0; p0 < k || p0 == 0; p0 += block_depth) {
        int depth = k - p0 < block_depth ? k - p0 : block_depth;
        int first = p0 == 0, last = p0 + depth >= k;
        int load_c = !first || accumulate;
        for (int i0 = 0; i0 < m; i0 += ROW_BLOCK) {
            int i_end = i0 + ROW_BLOCK < m ? i0 + ROW_BLOCK : m;
            int block_rows = i_end - i0, tiles = (block_rows + TILE_ROWS - 1) / TILE_ROWS;
            pack_input_rows(a + (long)i0 * lda, lda, block_rows, tiles, p0, depth, input_tiles);
            for (int column = column_begin; column < column_end; column += PANEL) {
                int width = column_end - column < PANEL ? column_end - column : PANEL;
                __m256i low_mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(width), lanes);
                __m256i high_mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(width - 8), lanes);
                const float *panel = packed + (long)(column / PANEL) * PANEL * k + (long)p0 * PANEL;
                const float *tile_bias = first && bias ? bias + column : 0;
                int full = width == PANEL, tile_activation = last ? activation : INFERENCE_ACTIVATION_IDENTITY;
                // The slice to come next: the next panel's, or after the last panel the
                // first panel's slice of the next depth block (which may be one input
                // shorter: prefetching `depth` lines of it would reach one line too far).
                const float *ahead = column + PANEL < column_end ? panel + (long)PANEL * k
                    : p0 + depth < k && k - (p0 + depth) >= depth
                        ? packed + (long)(column_begin / PANEL) * PANEL * k + (long)(p0 + depth) * PANEL
                        : 0;
                for (int t = 0; t < tiles; t++) {
                    int start = tile_start(t, tiles, block_rows);
                    const float *tile_a = input_tiles + (long)t * TILE_ROWS * depth;
                    float *tile_c = c + (long)(i0 + start) * ldc + column;
                    switch (tile_start(t + 1, tiles, block_rows) - start) {
#define TILE(r) tile(r, depth, tile_a, panel, tile_c, ldc, full, low_mask, high_mask, load_c, tile_bias, tile_activation, \
                          t == 0 ? ahead : 0)
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
        if (k == 0) break;
    }
}

#else

void inference_packed_multiply(
    int m, int k, const float *a, int lda, const float *packed, int n, int column_begin, int column_end,
    const float *bias, int accumulate, int activation, float *c, int ldc)
{
    (void)m; (void)k; (void)a; (void)lda; (void)packed; (void)n; (void)column_begin; (void)column_end;
    (void)bias; (void)accumulate; (void)activation; (void)c; (void)ldc;
}

#endif

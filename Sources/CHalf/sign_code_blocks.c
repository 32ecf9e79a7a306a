#include "sign_code_blocks.h"
#include "sign_code_layout.h"
#include <immintrin.h>

static int cpu_has_avx2(void) {
    static int detected = -1;  /* a benign race: every thread computes the same answer */
    if (detected < 0) {
        __builtin_cpu_init();
        detected = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
    }
    return detected;
}

void signblock_tables(const int8_t *quantized, int8_t *tables) {
    for (int p = 0; p < SIGNBLOCK_TABLES; p++)
        for (int m = 0; m < 16; m++) {
            int sum = 0;
            for (int i = 0; i < 4; i++) sum += (m >> i & 1) ? quantized[4 * p + i] : -quantized[4 * p + i];
            tables[16 * p + m] = (int8_t)sum;
        }
}

void signblock_scores_scalar(const uint8_t *blocks, size_t block_count, const int8_t *tables, int16_t *scores) {
    for (size_t b = 0; b < block_count; b++) {
        const uint8_t *block = blocks + b * SIGNBLOCK_BYTES;
        for (int r = 0; r < SIGNBLOCK_ROWS; r++) {
            int sum = 0;
            for (int j = 0; j < SIGNBLOCK_PREFIX_BYTES; j++) {
                uint8_t byte = block[j * SIGNBLOCK_ROWS + r];
                sum += tables[16 * (2 * j) + (byte & 15)] + tables[16 * (2 * j + 1) + (byte >> 4)];
            }
            scores[b * SIGNBLOCK_ROWS + r] = (int16_t)sum;
        }
    }
}

/* One block's 32 scores: rows 0–15 in *low_rows, 16–31 in *high_rows. */
__attribute__((target("avx2"))) static inline __attribute__((always_inline))
void avx2_block_scores(const uint8_t *block, const __m256i *lookup, __m256i *low_rows, __m256i *high_rows) {
    const __m256i nibble = _mm256_set1_epi8(0x0f);
    __m256i low_sum = _mm256_setzero_si256(), high_sum = _mm256_setzero_si256();
    for (int j = 0; j < SIGNBLOCK_PREFIX_BYTES; j++) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(block + j * SIGNBLOCK_ROWS));
        __m256i low = _mm256_and_si256(v, nibble);
        __m256i high = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
        /* two entries of at most 4 · 15 each: the byte sum cannot overflow */
        __m256i pair = _mm256_add_epi8(_mm256_shuffle_epi8(lookup[2 * j], low),
                                       _mm256_shuffle_epi8(lookup[2 * j + 1], high));
        low_sum = _mm256_add_epi16(low_sum, _mm256_cvtepi8_epi16(_mm256_castsi256_si128(pair)));
        high_sum = _mm256_add_epi16(high_sum, _mm256_cvtepi8_epi16(_mm256_extracti128_si256(pair, 1)));
    }
    *low_rows = low_sum;
    *high_rows = high_sum;
}

/* Each 16-entry table in both 128-bit lanes, as the byte shuffle wants. */
__attribute__((target("avx2"))) static inline __attribute__((always_inline))
void avx2_lookup(const int8_t *tables, __m256i *lookup) {
    for (int p = 0; p < SIGNBLOCK_TABLES; p++)
        lookup[p] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(tables + 16 * p)));
}

__attribute__((target("avx2")))
static void avx2_scores(const uint8_t *blocks, size_t block_count, const int8_t *tables, int16_t *scores) {
    __m256i lookup[SIGNBLOCK_TABLES];
    avx2_lookup(tables, lookup);
    for (size_t b = 0; b < block_count; b++) {
        __m256i low_rows, high_rows;
        avx2_block_scores(blocks + b * SIGNBLOCK_BYTES, lookup, &low_rows, &high_rows);
        _mm256_storeu_si256((__m256i *)(scores + b * SIGNBLOCK_ROWS), low_rows);
        _mm256_storeu_si256((__m256i *)(scores + b * SIGNBLOCK_ROWS + 16), high_rows);
    }
}

void signblock_scores(const uint8_t *blocks, size_t block_count, const int8_t *tables, int16_t *scores) {
    if (cpu_has_avx2()) avx2_scores(blocks, block_count, tables, scores);
    else signblock_scores_scalar(blocks, block_count, tables, scores);
}

/* Appends the lanes of one block in `mask` (bit 2·lane set for a kept lane) below `rows`. */
SIGNCODE_INLINE size_t append_lanes(uint64_t mask, const uint8_t *block, size_t index, size_t rows,
                                    const int16_t *scores, const uint64_t *planes, size_t words, int bits,
                                    uint32_t *out_rows, int16_t *out_scores, uint32_t *out_counts) {
    size_t written = 0;
    while (mask) {
        size_t lane = (size_t)__builtin_ctzll(mask) / 2;
        mask &= mask - 1;
        size_t row = index * SIGNBLOCK_ROWS + lane;
        if (row >= rows) break;  /* lanes ascend: the rest are past the last row too */
        out_rows[written] = (uint32_t)row;
        out_scores[written] = scores[lane];
        out_counts[written] = prefix_counts(block, lane, planes, words, bits);
        written++;
    }
    return written;
}

/* Scores lie within ±192 · 15, so a threshold below −4096 keeps every row, as Int16.min does. */
static int16_t usable_threshold(int16_t threshold) { return threshold < -4096 ? -4096 : threshold; }

size_t signblock_scan_scalar(const uint8_t *blocks, size_t first_block, size_t block_count, size_t rows,
                             const int8_t *tables, int16_t threshold, const uint64_t *planes, size_t words, int bits,
                             uint32_t *out_rows, int16_t *out_scores, uint32_t *out_counts) {
    threshold = usable_threshold(threshold);
    size_t written = 0;
    for (size_t index = first_block; index < first_block + block_count; index++) {
        const uint8_t *block = blocks + index * SIGNBLOCK_BYTES;
        int16_t scores[SIGNBLOCK_ROWS];
        signblock_scores_scalar(block, 1, tables, scores);
        uint64_t mask = 0;
        for (int lane = 0; lane < SIGNBLOCK_ROWS; lane++)
            if (scores[lane] >= threshold) mask |= (uint64_t)1 << (2 * lane);
        written += append_lanes(mask, block, index, rows, scores, planes, words, bits,
                                out_rows + written, out_scores + written, out_counts + written);
    }
    return written;
}

/* The scan proper: a block's scores never leave the registers unless one reaches the
   threshold (with a threshold from a sample, about one block in two has such a row). */
__attribute__((target("avx2,popcnt")))
static size_t avx2_scan(const uint8_t *blocks, size_t first_block, size_t block_count, size_t rows,
                        const int8_t *tables, int16_t threshold, const uint64_t *planes, size_t words, int bits,
                        uint32_t *out_rows, int16_t *out_scores, uint32_t *out_counts) {
    __m256i lookup[SIGNBLOCK_TABLES];
    avx2_lookup(tables, lookup);
    const __m256i below = _mm256_set1_epi16((int16_t)(usable_threshold(threshold) - 1));
    size_t written = 0;
    for (size_t index = first_block; index < first_block + block_count; index++) {
        const uint8_t *block = blocks + index * SIGNBLOCK_BYTES;
        __m256i low_rows, high_rows;
        avx2_block_scores(block, lookup, &low_rows, &high_rows);
        uint32_t low_mask = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi16(low_rows, below));
        uint32_t high_mask = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi16(high_rows, below));
        if (!(low_mask | high_mask)) continue;
        int16_t scores[SIGNBLOCK_ROWS];
        _mm256_storeu_si256((__m256i *)scores, low_rows);
        _mm256_storeu_si256((__m256i *)(scores + 16), high_rows);
        /* each row's 16-bit lane sets two mask bits: keep the lower */
        uint64_t mask = ((uint64_t)high_mask << 32 | low_mask) & 0x5555555555555555ull;
        written += append_lanes(mask, block, index, rows, scores, planes, words, bits,
                                out_rows + written, out_scores + written, out_counts + written);
    }
    return written;
}

size_t signblock_scan(const uint8_t *blocks, size_t first_block, size_t block_count, size_t rows,
                      const int8_t *tables, int16_t threshold, const uint64_t *planes, size_t words, int bits,
                      uint32_t *out_rows, int16_t *out_scores, uint32_t *out_counts) {
    if (bits < 1 || bits > 5) return 0;
    if (cpu_has_avx2())
        return avx2_scan(blocks, first_block, block_count, rows, tables, threshold, planes, words, bits,
                         out_rows, out_scores, out_counts);
    return signblock_scan_scalar(blocks, first_block, block_count, rows, tables, threshold, planes, words, bits,
                                 out_rows, out_scores, out_counts);
}

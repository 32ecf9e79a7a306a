#include "sign_code_blocks.h"
#include "sign_codes.h"
#include <immintrin.h>
#include <string.h>

static int cpu_has_avx2(void) {
    static int detected = -1;  /* a benign race: every thread computes the same answer */
    if (detected < 0) {
        __builtin_cpu_init();
        detected = __builtin_cpu_supports("avx2");
    }
    return detected;
}

void signblock_interleave(const uint64_t *codes, size_t count, size_t words, uint8_t *blocks) {
    size_t block_count = (count + SIGNBLOCK_ROWS - 1) / SIGNBLOCK_ROWS;
    memset(blocks, 0, block_count * SIGNBLOCK_BYTES);
    for (size_t r = 0; r < count; r++) {
        uint8_t *block = blocks + (r / SIGNBLOCK_ROWS) * SIGNBLOCK_BYTES + r % SIGNBLOCK_ROWS;
        const uint64_t *code = codes + r * words;
        for (size_t j = 0; j < SIGNBLOCK_PREFIX_BYTES; j++) {
            size_t w = j / 8;
            block[j * SIGNBLOCK_ROWS] = w < words ? (uint8_t)(code[w] >> (8 * (j % 8))) : 0;
        }
    }
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

__attribute__((target("avx2")))
static void avx2_scores(const uint8_t *blocks, size_t block_count, const int8_t *tables, int16_t *scores) {
    __m256i lookup[SIGNBLOCK_TABLES];  /* each 16-entry table in both 128-bit lanes, as the byte shuffle wants */
    for (int p = 0; p < SIGNBLOCK_TABLES; p++)
        lookup[p] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(tables + 16 * p)));
    const __m256i nibble = _mm256_set1_epi8(0x0f);
    for (size_t b = 0; b < block_count; b++) {
        const uint8_t *block = blocks + b * SIGNBLOCK_BYTES;
        __m256i low_rows = _mm256_setzero_si256(), high_rows = _mm256_setzero_si256();
        for (int j = 0; j < SIGNBLOCK_PREFIX_BYTES; j++) {
            __m256i v = _mm256_loadu_si256((const __m256i *)(block + j * SIGNBLOCK_ROWS));
            __m256i low = _mm256_and_si256(v, nibble);
            __m256i high = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
            /* two entries of at most 4 · 15 each: the byte sum cannot overflow */
            __m256i pair = _mm256_add_epi8(_mm256_shuffle_epi8(lookup[2 * j], low),
                                           _mm256_shuffle_epi8(lookup[2 * j + 1], high));
            low_rows = _mm256_add_epi16(low_rows, _mm256_cvtepi8_epi16(_mm256_castsi256_si128(pair)));
            high_rows = _mm256_add_epi16(high_rows, _mm256_cvtepi8_epi16(_mm256_extracti128_si256(pair, 1)));
        }
        _mm256_storeu_si256((__m256i *)(scores + b * SIGNBLOCK_ROWS), low_rows);
        _mm256_storeu_si256((__m256i *)(scores + b * SIGNBLOCK_ROWS + 16), high_rows);
    }
}

void signblock_scores(const uint8_t *blocks, size_t block_count, const int8_t *tables, int16_t *scores) {
    if (cpu_has_avx2()) avx2_scores(blocks, block_count, tables, scores);
    else signblock_scores_scalar(blocks, block_count, tables, scores);
}

__attribute__((target("avx2")))
static size_t avx2_collect(const int16_t *scores, size_t count, int16_t threshold, uint32_t first_row,
                           uint32_t *rows, int16_t *kept) {
    size_t written = 0, i = 0;
    const __m256i below = _mm256_set1_epi16((int16_t)(threshold - 1));
    for (; i + 16 <= count; i += 16) {
        /* most chunks hold no score at or above the threshold once it has risen: skip them whole */
        __m256i v = _mm256_loadu_si256((const __m256i *)(scores + i));
        if (!_mm256_movemask_epi8(_mm256_cmpgt_epi16(v, below))) continue;
        for (size_t t = i; t < i + 16; t++)
            if (scores[t] >= threshold) { rows[written] = first_row + (uint32_t)t; kept[written++] = scores[t]; }
    }
    for (; i < count; i++)
        if (scores[i] >= threshold) { rows[written] = first_row + (uint32_t)i; kept[written++] = scores[i]; }
    return written;
}

size_t signblock_collect(const int16_t *scores, size_t count, int16_t threshold, uint32_t first_row,
                         uint32_t *rows, int16_t *kept) {
    if (threshold > INT16_MIN && cpu_has_avx2()) return avx2_collect(scores, count, threshold, first_row, rows, kept);
    size_t written = 0;
    for (size_t i = 0; i < count; i++)
        if (scores[i] >= threshold) { rows[written] = first_row + (uint32_t)i; kept[written++] = scores[i]; }
    return written;
}

void signcode_estimates_of_rows(const uint64_t *codes, const float *scales, const uint32_t *rows, size_t count,
                                size_t words, const uint64_t *planes, int bits, float low, float step,
                                float query_sum, float *estimates) {
    /* Scattered rows: each is a cache miss, so ask for the rows a few places ahead meanwhile
       (measured at 2,000,000 rows: this pass cost twice the whole prefix scan without it). */
    const size_t ahead = 8;
    for (size_t i = 0; i < count; i++) {
        if (i + ahead < count) {
            const char *next = (const char *)(codes + (size_t)rows[i + ahead] * words);
            __builtin_prefetch(next);
            __builtin_prefetch(next + words * 8 - 1);
            __builtin_prefetch(scales + rows[i + ahead]);
        }
        signcode_estimates(codes + (size_t)rows[i] * words, scales + rows[i], 1, words, planes, bits, low, step,
                           query_sum, estimates + i);
    }
}

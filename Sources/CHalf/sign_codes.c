#include "sign_codes.h"
#include "sign_code_layout.h"
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

/* Both encode paths sum in double over 8 interleaved lanes (component d into lane d % 8) and
   add the lanes in this one order: the AVX2 path's two 4-lane registers hold the same lanes,
   so the scalar twin rounds exactly as it does. */
static double lanes_total(const double lanes[8]) {
    return ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]));
}

static float unit_inverse(double squares) { return squares > 0 ? (float)(1.0 / sqrt(squares)) : 0.0f; }

static void encode_rows_scalar(const float *rows, size_t count, size_t dimension, const float *centre,
                               int normalize, uint64_t *codes, float *scales) {
    size_t words = (dimension + 63) / 64;
    for (size_t r = 0; r < count; r++) {
        const float *row = rows + r * dimension;
        uint64_t *code = codes + r * words;
        float inverse = 1.0f;
        if (normalize) {
            double squares[8] = {0};
            for (size_t d = 0; d < dimension; d++) squares[d % 8] += (double)row[d] * (double)row[d];
            inverse = unit_inverse(lanes_total(squares));
        }
        for (size_t w = 0; w < words; w++) code[w] = 0;
        double magnitude[8] = {0};
        for (size_t d = 0; d < dimension; d++) {
            float value = row[d] * inverse - centre[d];
            if (value >= 0) code[d / 64] |= (uint64_t)1 << (d % 64);
            magnitude[d % 8] += fabs((double)value);
        }
        scales[r] = dimension > 0 ? (float)(lanes_total(magnitude) / (double)dimension) : 0.0f;
    }
}

/* Eight components at a time: their squares and magnitudes widened to double (a float's
   square is exact in double), their signs by one compare and movemask. */
__attribute__((target("avx2")))
static void encode_rows_avx2(const float *rows, size_t count, size_t dimension, const float *centre,
                             int normalize, uint64_t *codes, float *scales) {
    size_t words = (dimension + 63) / 64, whole = dimension - dimension % 8;
    const __m256 sign_bit = _mm256_set1_ps(-0.0f), zero = _mm256_setzero_ps();
    for (size_t r = 0; r < count; r++) {
        const float *row = rows + r * dimension;
        uint64_t *code = codes + r * words;
        float inverse = 1.0f;
        if (normalize) {
            __m256d low = _mm256_setzero_pd(), high = _mm256_setzero_pd();
            for (size_t d = 0; d < whole; d += 8) {
                __m256 v = _mm256_loadu_ps(row + d);
                __m256d a = _mm256_cvtps_pd(_mm256_castps256_ps128(v)), b = _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1));
                low = _mm256_add_pd(low, _mm256_mul_pd(a, a));
                high = _mm256_add_pd(high, _mm256_mul_pd(b, b));
            }
            double squares[8];
            _mm256_storeu_pd(squares, low);
            _mm256_storeu_pd(squares + 4, high);
            for (size_t d = whole; d < dimension; d++) squares[d % 8] += (double)row[d] * (double)row[d];
            inverse = unit_inverse(lanes_total(squares));
        }
        for (size_t w = 0; w < words; w++) code[w] = 0;
        const __m256 scale = _mm256_set1_ps(inverse);
        __m256d low = _mm256_setzero_pd(), high = _mm256_setzero_pd();
        for (size_t d = 0; d < whole; d += 8) {
            __m256 value = _mm256_sub_ps(_mm256_mul_ps(_mm256_loadu_ps(row + d), scale), _mm256_loadu_ps(centre + d));
            uint64_t signs = (uint64_t)_mm256_movemask_ps(_mm256_cmp_ps(value, zero, _CMP_GE_OQ));
            code[d / 64] |= signs << (d % 64);
            __m256 absolute = _mm256_andnot_ps(sign_bit, value);
            low = _mm256_add_pd(low, _mm256_cvtps_pd(_mm256_castps256_ps128(absolute)));
            high = _mm256_add_pd(high, _mm256_cvtps_pd(_mm256_extractf128_ps(absolute, 1)));
        }
        double magnitude[8];
        _mm256_storeu_pd(magnitude, low);
        _mm256_storeu_pd(magnitude + 4, high);
        for (size_t d = whole; d < dimension; d++) {
            float value = row[d] * inverse - centre[d];
            if (value >= 0) code[d / 64] |= (uint64_t)1 << (d % 64);
            magnitude[d % 8] += fabs((double)value);
        }
        scales[r] = dimension > 0 ? (float)(lanes_total(magnitude) / (double)dimension) : 0.0f;
    }
}

void signcode_encode(const float *rows, size_t count, size_t dimension, const float *centre,
                     int normalize, uint64_t *codes, float *scales) {
    if (cpu_has_avx2())
        encode_rows_avx2(rows, count, dimension, centre, normalize, codes, scales);
    else
        encode_rows_scalar(rows, count, dimension, centre, normalize, codes, scales);
}

void signcode_encode_scalar(const float *rows, size_t count, size_t dimension, const float *centre,
                            int normalize, uint64_t *codes, float *scales) {
    encode_rows_scalar(rows, count, dimension, centre, normalize, codes, scales);
}

void signcode_store(const uint64_t *codes, size_t count, size_t words, size_t first_row, uint8_t *blocks,
                    uint64_t *tails) {
    size_t prefix_words = prefix_word_count(words), tail_words = tail_word_count(words);
    for (size_t i = 0; i < count; i++) {
        size_t row = first_row + i;
        const uint64_t *code = codes + i * words;
        uint8_t *lane = blocks + (row / SIGNBLOCK_ROWS) * SIGNBLOCK_BYTES + row % SIGNBLOCK_ROWS;
        for (size_t j = 0; j < SIGNBLOCK_PREFIX_BYTES; j++) {
            size_t w = j / 8;
            lane[j * SIGNBLOCK_ROWS] = w < prefix_words ? (uint8_t)(code[w] >> (8 * (j % 8))) : 0;
        }
        for (size_t t = 0; t < tail_words; t++) tails[row * tail_words + t] = code[prefix_words + t];
    }
}

uint64_t signcode_word(const uint8_t *blocks, const uint64_t *tails, size_t words, size_t row, size_t w) {
    if (w >= words) return 0;
    if (w < prefix_word_count(words))
        return prefix_word(blocks + (row / SIGNBLOCK_ROWS) * SIGNBLOCK_BYTES, row % SIGNBLOCK_ROWS, w);
    return tails[row * tail_word_count(words) + (w - prefix_word_count(words))];
}

float signcode_combine(float scale, uint32_t ones, uint32_t weighted, float low, float step, float query_sum) {
    return combine_counts(scale, ones, weighted, low, step, query_sum);
}

void signcode_prefix_tables(const uint64_t *planes, size_t words, int bits, uint8_t *tables) {
    for (size_t p = 0; p < SIGNBLOCK_TABLES; p++)
        for (unsigned m = 0; m < 16; m++) {
            unsigned sum = 0;
            for (size_t i = 0; i < 4; i++) {
                size_t d = 4 * p + i, w = d / 64;
                if (!(m >> i & 1) || w >= words) continue;
                for (int b = 0; b < bits; b++) sum += (unsigned)((planes[(size_t)b * words + w] >> (d % 64)) & 1) << b;
            }
            tables[16 * p + m] = (uint8_t)sum;  /* ≤ 4 · 31 */
        }
}

uint32_t signcode_prefix_counts(const uint8_t *block, size_t lane, const uint64_t *planes, size_t words, int bits) {
    return prefix_counts(block, lane, planes, words, bits);
}

void signcode_estimates_scalar(const uint8_t *blocks, const uint64_t *tails, const float *scales, size_t words,
                               size_t first_row, size_t count, const uint64_t *planes, int bits,
                               float low, float step, float query_sum, float *estimates) {
    size_t tail_words = tail_word_count(words);
    for (size_t i = 0; i < count; i++) {
        size_t row = first_row + i;
        uint32_t counts = prefix_counts(blocks + (row / SIGNBLOCK_ROWS) * SIGNBLOCK_BYTES, row % SIGNBLOCK_ROWS,
                                        planes, words, bits);
        uint32_t ones = counts & 0xffff, weighted = counts >> 16;
        tail_counts(tails + row * tail_words, planes, words, bits, &ones, &weighted);
        estimates[i] = combine_counts(scales[row], ones, weighted, low, step, query_sum);
    }
}

/* A block's prefix counts for all 32 lanes at once: the query's levels summed per nibble by
   byte shuffles (tables: ≤ 124 a nibble, so a byte's two fit a byte) and the bits counted by a
   shuffle of the nibble popcounts; then each lane's tail with popcnt. */
__attribute__((target("avx2,popcnt")))
static void avx2_estimates(const uint8_t *blocks, const uint64_t *tails, const float *scales, size_t words,
                           size_t first_row, size_t count, const uint64_t *planes, const uint8_t *tables, int bits,
                           float low, float step, float query_sum, float *estimates) {
    __m256i lookup[SIGNBLOCK_TABLES];
    for (int p = 0; p < SIGNBLOCK_TABLES; p++)
        lookup[p] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(tables + 16 * p)));
    const __m256i popcounts = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                                               0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
    const __m256i nibble = _mm256_set1_epi8(0x0f);
    size_t tail_words = tail_word_count(words), end = first_row + count;
    for (size_t index = first_row / SIGNBLOCK_ROWS; index * SIGNBLOCK_ROWS < end; index++) {
        const uint8_t *block = blocks + index * SIGNBLOCK_BYTES;
        __m256i ones = _mm256_setzero_si256(), low_lanes = _mm256_setzero_si256(), high_lanes = _mm256_setzero_si256();
        for (int j = 0; j < SIGNBLOCK_PREFIX_BYTES; j++) {
            __m256i v = _mm256_loadu_si256((const __m256i *)(block + j * SIGNBLOCK_ROWS));
            __m256i lo = _mm256_and_si256(v, nibble);
            __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
            /* ≤ 8 a byte, ≤ 192 in all: the byte counters cannot overflow */
            ones = _mm256_add_epi8(ones, _mm256_add_epi8(_mm256_shuffle_epi8(popcounts, lo), _mm256_shuffle_epi8(popcounts, hi)));
            __m256i pair = _mm256_add_epi8(_mm256_shuffle_epi8(lookup[2 * j], lo), _mm256_shuffle_epi8(lookup[2 * j + 1], hi));
            low_lanes = _mm256_add_epi16(low_lanes, _mm256_cvtepu8_epi16(_mm256_castsi256_si128(pair)));
            high_lanes = _mm256_add_epi16(high_lanes, _mm256_cvtepu8_epi16(_mm256_extracti128_si256(pair, 1)));
        }
        uint8_t lane_ones[SIGNBLOCK_ROWS];
        uint16_t lane_weighted[SIGNBLOCK_ROWS];
        _mm256_storeu_si256((__m256i *)lane_ones, ones);
        _mm256_storeu_si256((__m256i *)lane_weighted, low_lanes);
        _mm256_storeu_si256((__m256i *)(lane_weighted + 16), high_lanes);
        size_t base = index * SIGNBLOCK_ROWS;
        size_t first = first_row > base ? first_row - base : 0;
        size_t last = end - base < SIGNBLOCK_ROWS ? end - base : SIGNBLOCK_ROWS;
        for (size_t lane = first; lane < last; lane++) {
            size_t row = base + lane;
            uint32_t row_ones = lane_ones[lane], weighted = lane_weighted[lane];
            tail_counts(tails + row * tail_words, planes, words, bits, &row_ones, &weighted);
            estimates[row - first_row] = combine_counts(scales[row], row_ones, weighted, low, step, query_sum);
        }
    }
}

void signcode_estimates(const uint8_t *blocks, const uint64_t *tails, const float *scales, size_t words,
                        size_t first_row, size_t count, const uint64_t *planes, const uint8_t *tables, int bits,
                        float low, float step, float query_sum, float *estimates) {
    if (bits < 1 || bits > 5 || count == 0) return;
    if (cpu_has_avx2())
        avx2_estimates(blocks, tails, scales, words, first_row, count, planes, tables, bits, low, step, query_sum, estimates);
    else
        signcode_estimates_scalar(blocks, tails, scales, words, first_row, count, planes, bits, low, step, query_sum, estimates);
}

/* The listed rows' tails and scales are scattered reads: each is a cache miss, so the rows a
   few places ahead are asked for meanwhile (without it this pass once cost twice the whole
   prefix scan at 2,000,000 rows). */
SIGNCODE_INLINE void listed_estimates(const uint64_t *tails, const float *scales, size_t words, const uint32_t *rows,
                                      const uint32_t *prefix_counts, size_t count, const uint64_t *planes, int bits,
                                      float low, float step, float query_sum, float *estimates) {
    const size_t ahead = 16, tail_words = tail_word_count(words);
    for (size_t i = 0; i < count; i++) {
        if (i + ahead < count) {
            size_t next = rows[i + ahead];
            if (tail_words > 0) {
                const char *tail = (const char *)(tails + next * tail_words);
                __builtin_prefetch(tail);
                __builtin_prefetch(tail + tail_words * 8 - 1);
            }
            __builtin_prefetch(scales + next);
        }
        size_t row = rows[i];
        uint32_t ones = prefix_counts[i] & 0xffff, weighted = prefix_counts[i] >> 16;
        tail_counts(tails + row * tail_words, planes, words, bits, &ones, &weighted);
        estimates[i] = combine_counts(scales[row], ones, weighted, low, step, query_sum);
    }
}

__attribute__((target("popcnt")))
static void popcnt_listed_estimates(const uint64_t *tails, const float *scales, size_t words, const uint32_t *rows,
                                    const uint32_t *prefix_counts, size_t count, const uint64_t *planes, int bits,
                                    float low, float step, float query_sum, float *estimates) {
    listed_estimates(tails, scales, words, rows, prefix_counts, count, planes, bits, low, step, query_sum, estimates);
}

void signcode_estimates_of_rows(const uint64_t *tails, const float *scales, size_t words, const uint32_t *rows,
                                const uint32_t *prefix_counts, size_t count, const uint64_t *planes, int bits,
                                float low, float step, float query_sum, float *estimates) {
    if (bits < 1 || bits > 5) return;
    if (cpu_has_avx2())
        popcnt_listed_estimates(tails, scales, words, rows, prefix_counts, count, planes, bits, low, step, query_sum, estimates);
    else
        listed_estimates(tails, scales, words, rows, prefix_counts, count, planes, bits, low, step, query_sum, estimates);
}

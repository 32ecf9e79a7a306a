#ifndef SEMBLANCE_SIGN_CODE_LAYOUT_H
#define SEMBLANCE_SIGN_CODE_LAYOUT_H
/* Shared by sign_codes.c and sign_code_blocks.c (not part of the module's interface): reading a
   row's words back from the stored layout and counting them against a query's planes. Always
   inlined, so inside an AVX2/POPCNT function the popcounts are single instructions. */
#include "sign_code_blocks.h"
#include <stdint.h>

/* Every path's estimates must agree bit for bit: no multiply-add may be fused. */
#pragma STDC FP_CONTRACT OFF

#define SIGNCODE_INLINE static inline __attribute__((always_inline))

/* Words of the code kept in the blocks, and after them in the tails. */
SIGNCODE_INLINE size_t prefix_word_count(size_t words) {
    return words < SIGNBLOCK_PREFIX_WORDS ? words : SIGNBLOCK_PREFIX_WORDS;
}

SIGNCODE_INLINE size_t tail_word_count(size_t words) { return words - prefix_word_count(words); }

/* Prefix word w (< 3) of lane `lane` of a block: its 8 bytes sit 32 apart. */
SIGNCODE_INLINE uint64_t prefix_word(const uint8_t *block, size_t lane, size_t w) {
    uint64_t value = 0;
    for (size_t b = 0; b < 8; b++) value |= (uint64_t)block[(8 * w + b) * SIGNBLOCK_ROWS + lane] << (8 * b);
    return value;
}

/* Adds popcount(word) to *ones and Σ_b 2^b · popcount(word & plane b) to *weighted, for word w of a code. */
SIGNCODE_INLINE void count_word(uint64_t word, size_t w, const uint64_t *planes, size_t words, int bits,
                                uint32_t *ones, uint32_t *weighted) {
    *ones += (uint32_t)__builtin_popcountll(word);
    for (int b = 0; b < bits; b++) *weighted += (uint32_t)__builtin_popcountll(word & planes[(size_t)b * words + w]) << b;
}

/* (ones) | (weighted << 16) over the prefix of one lane: ones ≤ 192, weighted ≤ 192 · 31. */
SIGNCODE_INLINE uint32_t prefix_counts(const uint8_t *block, size_t lane, const uint64_t *planes, size_t words, int bits) {
    uint32_t ones = 0, weighted = 0;
    size_t prefix_words = prefix_word_count(words);
    for (size_t w = 0; w < prefix_words; w++) count_word(prefix_word(block, lane, w), w, planes, words, bits, &ones, &weighted);
    return ones | weighted << 16;
}

/* The counts of a row's tail added to *ones / *weighted. */
SIGNCODE_INLINE void tail_counts(const uint64_t *tail, const uint64_t *planes, size_t words, int bits,
                                 uint32_t *ones, uint32_t *weighted) {
    if (words == 6 && bits == 4) {
        /* 384 dimensions and the default 4-bit query: constant bounds, so both loops unroll
           (the generic loop cost ~40% more per row in the full estimate) */
        for (size_t w = SIGNBLOCK_PREFIX_WORDS; w < 6; w++)
            count_word(tail[w - SIGNBLOCK_PREFIX_WORDS], w, planes, 6, 4, ones, weighted);
        return;
    }
    size_t first = prefix_word_count(words);
    for (size_t w = first; w < words; w++) count_word(tail[w - first], w, planes, words, bits, ones, weighted);
}

/* The estimate from a row's counts (sign_codes.h, signcode_combine): one definition for every path. */
SIGNCODE_INLINE float combine_counts(float scale, uint32_t ones, uint32_t weighted, float low, float step, float query_sum) {
    float selected = low * (float)ones + step * (float)weighted;  /* Σ of the query over set bits */
    return scale * (2.0f * selected - query_sum);
}
#endif

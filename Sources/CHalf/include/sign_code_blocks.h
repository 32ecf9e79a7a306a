#ifndef SEMBLANCE_SIGN_CODE_BLOCKS_H
#define SEMBLANCE_SIGN_CODE_BLOCKS_H
#include <stddef.h>
#include <stdint.h>

/// The first pass of approximate search at millions of rows: only the first 192 sign bits of
/// each row's code (sign_codes.h), 32 rows interleaved per block so that one byte shuffle
/// looks up a 4-bit group of 32 rows at once. Block b holds rows 32b…32b+31; byte j of the
/// 24-byte prefix of row r (bits 8j…8j+7 of the code) sits at blocks[b·512 + j·32 + r % 32].
#define SIGNBLOCK_ROWS 32
#define SIGNBLOCK_PREFIX_BYTES 24
/// Lookup tables of a query: one per 4 components of the prefix.
#define SIGNBLOCK_TABLES (2 * SIGNBLOCK_PREFIX_BYTES)
#define SIGNBLOCK_BYTES (SIGNBLOCK_ROWS * SIGNBLOCK_PREFIX_BYTES)
/// Largest |quantized query component|: two table entries (4 components each) sum within int8.
#define SIGNBLOCK_QUERY_LIMIT 15

/// Interleaves the prefixes of `count` codes (`words` 64-bit words a row) into
/// ceil(count / 32) blocks; rows past `count` in the last block are zero.
void signblock_interleave(const uint64_t *codes, size_t count, size_t words, uint8_t *blocks);

/// The 48 lookup tables of a query quantized to integers (`quantized[192]`, each within
/// ±SIGNBLOCK_QUERY_LIMIT): entry m of table p is Σ_{i<4} (bit i of m ? +q : −q)[4p + i].
void signblock_tables(const int8_t *quantized, int8_t *tables);

/// scores[r] = Σ_p tables[p][nibble p of row r] = Σ_{d<192} ±quantized[d] (+ for a set bit),
/// for the 32 · block_count rows of `block_count` blocks. AVX2 when the CPU has it, else the
/// scalar path; integer sums, so both give identical results.
void signblock_scores(const uint8_t *blocks, size_t block_count, const int8_t *tables, int16_t *scores);

/// The portable path, whatever the CPU: tests compare the AVX2 path with it.
void signblock_scores_scalar(const uint8_t *blocks, size_t block_count, const int8_t *tables, int16_t *scores);

/// Appends first_row + i and scores[i] for every i < count with scores[i] ≥ threshold to
/// `rows` / `kept` (room for `count` more is the caller's); returns how many were appended.
size_t signblock_collect(const int16_t *scores, size_t count, int16_t threshold, uint32_t first_row,
                         uint32_t *rows, int16_t *kept);

/// The full-code estimates (sign_codes.h's signcode_estimates) of the rows listed in `rows`.
void signcode_estimates_of_rows(const uint64_t *codes, const float *scales, const uint32_t *rows, size_t count,
                                size_t words, const uint64_t *planes, int bits, float low, float step,
                                float query_sum, float *estimates);
#endif

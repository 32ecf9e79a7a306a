#ifndef SEMBLANCE_SIGN_CODE_BLOCKS_H
#define SEMBLANCE_SIGN_CODE_BLOCKS_H
#include <stddef.h>
#include <stdint.h>

/// The first pass of approximate search at millions of rows: only the first 192 sign bits of
/// each row's code (sign_codes.h), 32 rows interleaved per block so that one byte shuffle
/// looks up a 4-bit group of 32 rows at once. Block b holds rows 32b…32b+31; byte j of the
/// 24-byte prefix of row r (bits 8j…8j+7 of the code) sits at blocks[b·768 + j·32 + r % 32].
/// These blocks are where the codes keep their prefix: it is stored once.
#define SIGNBLOCK_ROWS 32
#define SIGNBLOCK_PREFIX_BYTES 24
#define SIGNBLOCK_PREFIX_WORDS (SIGNBLOCK_PREFIX_BYTES / 8)
/// Lookup tables of a query: one per 4 components of the prefix.
#define SIGNBLOCK_TABLES (2 * SIGNBLOCK_PREFIX_BYTES)
#define SIGNBLOCK_BYTES (SIGNBLOCK_ROWS * SIGNBLOCK_PREFIX_BYTES)
/// Largest |quantized query component|: two table entries (4 components each) sum within int8.
#define SIGNBLOCK_QUERY_LIMIT 15

/// The 48 lookup tables of a query quantized to integers (`quantized[192]`, each within
/// ±SIGNBLOCK_QUERY_LIMIT): entry m of table p is Σ_{i<4} (bit i of m ? +q : −q)[4p + i].
void signblock_tables(const int8_t *quantized, int8_t *tables);

/// scores[r] = Σ_p tables[p][nibble p of row r] = Σ_{d<192} ±quantized[d] (+ for a set bit),
/// for the 32 · block_count rows of `block_count` blocks. AVX2 when the CPU has it, else the
/// scalar path; integer sums, so both give identical results.
void signblock_scores(const uint8_t *blocks, size_t block_count, const int8_t *tables, int16_t *scores);

/// The portable path, whatever the CPU: tests compare the AVX2 path with it.
void signblock_scores_scalar(const uint8_t *blocks, size_t block_count, const int8_t *tables, int16_t *scores);

/// Scores blocks first_block … first_block + block_count − 1 (of `blocks`, all blocks) and, for
/// every row below `rows` scoring ≥ threshold, appends its row, its score and its prefix counts
/// against the full query's planes (signcode_prefix_counts: taken while the block is in cache,
/// so the full estimate need not read the prefix again) to `out_rows` / `out_scores` /
/// `out_counts`, in row order (room for 32 · block_count is the caller's). Returns how many.
/// AVX2 when the CPU has it, else scalar; both append the same.
size_t signblock_scan(const uint8_t *blocks, size_t first_block, size_t block_count, size_t rows,
                      const int8_t *tables, int16_t threshold, const uint64_t *planes, size_t words, int bits,
                      uint32_t *out_rows, int16_t *out_scores, uint32_t *out_counts);

/// The portable path of signblock_scan.
size_t signblock_scan_scalar(const uint8_t *blocks, size_t first_block, size_t block_count, size_t rows,
                             const int8_t *tables, int16_t threshold, const uint64_t *planes, size_t words, int bits,
                             uint32_t *out_rows, int16_t *out_scores, uint32_t *out_counts);
#endif

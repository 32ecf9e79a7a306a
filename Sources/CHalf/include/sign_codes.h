#ifndef SEMBLANCE_SIGN_CODES_H
#define SEMBLANCE_SIGN_CODES_H
#include <stddef.h>
#include <stdint.h>
#include "sign_code_blocks.h"

/// Sign-bit codes for approximate search's first pass: one bit per component of
/// (row − centre) (after scaling the row to unit length when `normalize`), packed 64 to a
/// word (bit d % 64 of word d / 64, unused high bits 0), and a per-row scale
/// α = mean |row − centre|, so that row − centre ≈ α · (±1 per bit).
///
/// Stored layout (each bit once): the first SIGNBLOCK_PREFIX_WORDS words of every code are
/// interleaved 32 rows to a block (sign_code_blocks.h), which the prefix pass scans; the
/// remaining `words − 3` words of each row (its tail; none at 192 dimensions or fewer) follow
/// row after row; the scales are apart.

/// Codes and scales of `count` f32 rows [count × dimension]; `codes` holds count × words,
/// words = (dimension + 63) / 64. With `normalize`, a zero row is coded as 0 − centre.
void signcode_encode(const float *rows, size_t count, size_t dimension, const float *centre,
                     int normalize, uint64_t *codes, float *scales);

/// signcode_encode's portable path, whatever the CPU (signcode_encode takes AVX2 when the CPU
/// has it): both sum in the same order, so codes and scales are identical; tests compare them.
void signcode_encode_scalar(const float *rows, size_t count, size_t dimension, const float *centre,
                            int normalize, uint64_t *codes, float *scales);

/// Files the `count` codes of rows first_row… ([count × words]) into the stored layout: their
/// prefix bytes into `blocks` (all blocks; bytes of other rows untouched) and their tails into
/// `tails` (all rows' tails, words − 3 a row).
void signcode_store(const uint64_t *codes, size_t count, size_t words, size_t first_row, uint8_t *blocks,
                    uint64_t *tails);

/// Word w of row `row`'s code read back from the stored layout (0 past the code).
uint64_t signcode_word(const uint8_t *blocks, const uint64_t *tails, size_t words, size_t row, size_t w);

/// The estimate of query · (row − centre) from a row's counts against a query quantized to
/// `bits` bits per component (low + step · level, planes[b × words + w]: bit b of each level):
///   scale · (2 · (low · ones + step · weighted) − query_sum)
/// where ones = popcount(code), weighted = Σ_b 2^b · popcount(code & plane b). Every path
/// computes the two integer counts exactly and then this, so all agree bit for bit.
float signcode_combine(float scale, uint32_t ones, uint32_t weighted, float low, float step, float query_sum);

/// The nibble tables of the prefix for the block kernels: entry m of table p (p < 48) is
/// Σ_{i<4, bit i of m} level[4p + i], the query's levels read back from its planes.
void signcode_prefix_tables(const uint64_t *planes, size_t words, int bits, uint8_t *tables);

/// (ones) | (weighted << 16) of row lane `lane` of `block` over its prefix (bits 0…191).
uint32_t signcode_prefix_counts(const uint8_t *block, size_t lane, const uint64_t *planes, size_t words, int bits);

/// Estimates of rows first_row … first_row + count − 1 (any range of the stored rows).
/// `tables`: signcode_prefix_tables of the planes. 1 ≤ bits ≤ 5 (else nothing). AVX2 when
/// the CPU has it, else the scalar path; both give identical results.
void signcode_estimates(const uint8_t *blocks, const uint64_t *tails, const float *scales, size_t words,
                        size_t first_row, size_t count, const uint64_t *planes, const uint8_t *tables, int bits,
                        float low, float step, float query_sum, float *estimates);

/// The portable path, whatever the CPU: tests compare the AVX2 path with it.
void signcode_estimates_scalar(const uint8_t *blocks, const uint64_t *tails, const float *scales, size_t words,
                               size_t first_row, size_t count, const uint64_t *planes, int bits,
                               float low, float step, float query_sum, float *estimates);

/// Estimates of the `count` rows listed in `rows` whose prefix counts the prefix pass already
/// took (`prefix_counts`, as signcode_prefix_counts): only their tails and scales are read.
void signcode_estimates_of_rows(const uint64_t *tails, const float *scales, size_t words, const uint32_t *rows,
                                const uint32_t *prefix_counts, size_t count, const uint64_t *planes, int bits,
                                float low, float step, float query_sum, float *estimates);

/// 1 when signcode_estimates uses AVX2.
int signcode_uses_avx2(void);
#endif

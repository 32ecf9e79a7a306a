#ifndef SEMBLANCE_SIGN_CODES_H
#define SEMBLANCE_SIGN_CODES_H
#include <stddef.h>
#include <stdint.h>

/// Sign-bit codes for approximate search's first pass: one bit per component of
/// (row − centre) (after scaling the row to unit length when `normalize`), packed 64 to a
/// word (bit d % 64 of word d / 64, unused high bits 0), and a per-row scale
/// α = mean |row − centre|, so that row − centre ≈ α · (±1 per bit).

/// Codes and scales of `count` f32 rows [count × dimension]; `codes` holds count × words,
/// words = (dimension + 63) / 64. With `normalize`, a zero row is coded as 0 − centre.
void signcode_encode(const float *rows, size_t count, size_t dimension, const float *centre,
                     int normalize, uint64_t *codes, float *scales);

/// The first-pass estimate of query · (row − centre) for `count` coded rows:
///   estimates[r] = scales[r] · (2 · (low · ones + step · weighted) − query_sum)
/// where ones = popcount(code), weighted = Σ_b 2^b · popcount(code & planes[b]), i.e. the
/// query quantized to `bits` bits per component (planes[b × words + w]: bit b of each
/// component's level), low + step · level. 1 ≤ bits ≤ 5 (byte counters cannot overflow).
/// Uses AVX2 when the CPU has it, else the scalar path; both give identical results.
void signcode_estimates(const uint64_t *codes, const float *scales, size_t count, size_t words,
                        const uint64_t *planes, int bits, float low, float step, float query_sum,
                        float *estimates);

/// The portable path, whatever the CPU: tests compare the AVX2 path with it.
void signcode_estimates_scalar(const uint64_t *codes, const float *scales, size_t count, size_t words,
                               const uint64_t *planes, int bits, float low, float step, float query_sum,
                               float *estimates);

/// 1 when signcode_estimates uses AVX2.
int signcode_uses_avx2(void);
#endif

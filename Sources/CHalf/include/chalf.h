#ifndef SEMBLANCE_CHALF_H
#define SEMBLANCE_CHALF_H
#include <stddef.h>
#include <stdint.h>

/// IEEE binary16 conversions and an f16-matrix × f32-vector product.
/// Each function uses F16C/AVX/FMA when the CPU has them (checked at run time)
/// and a portable scalar path otherwise; both round to nearest, ties to even.

/// destination[i] = binary16(source[i]) for i < count.
void chalf_encode(const float *source, uint16_t *destination, size_t count);

/// destination[i] = float(source[i]) for i < count (exact).
void chalf_decode(const uint16_t *source, float *destination, size_t count);

/// scores[r] = Σ_d float(matrix[r × dimension + d]) × query[d] for r < rows.
/// matrix is row-major [rows × dimension] binary16; converted inside the loop, never copied.
void chalf_dot_rows(const uint16_t *matrix, size_t rows, size_t dimension,
                    const float *query, float *scores);

/// 1 when the vectorised (F16C + AVX + FMA) paths are in use, 0 for the scalar fallback.
int chalf_uses_f16c(void);

/// The portable paths, whatever the CPU; tests compare them with the vectorised ones.
void chalf_encode_scalar(const float *source, uint16_t *destination, size_t count);
void chalf_decode_scalar(const uint16_t *source, float *destination, size_t count);
void chalf_dot_rows_scalar(const uint16_t *matrix, size_t rows, size_t dimension,
                           const float *query, float *scores);
#endif

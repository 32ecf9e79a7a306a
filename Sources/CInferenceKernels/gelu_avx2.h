#ifndef SEMBLANCE_GELU_AVX2_H
#define SEMBLANCE_GELU_AVX2_H

// exp and GELU for eight floats with AVX2/FMA, shared by the kernels (not a public header).

#include <immintrin.h>

#ifndef KERNEL
#define KERNEL __attribute__((target("avx2,fma")))
#endif

/// e^x for x ≤ 0 (the GELU tail, max-shifted softmax scores): as `FastMath.exp`, with fused
/// multiply-adds. (Positive x up to 88 are computed too, for padding lanes that are masked.)
static inline KERNEL __m256 exponential(__m256 x) {
    x = _mm256_max_ps(x, _mm256_set1_ps(-87.33f));
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693145751953125f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(1.428606765330187e-6f), r);
    __m256 p = _mm256_set1_ps(1.0f / 5040);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    __m256i exponent = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(exponent));
}

/// ½·erfc(|x|/√2) = Φ(−|x|) for eight values, and e^(−x²/2) on the way (GELU's slope needs
/// it): the method and coefficients of `FastMath.gelu`.
static inline KERNEL __m256 lower_tail(__m256 x, __m256 *gaussian) {
    __m256 z = _mm256_min_ps(
        _mm256_mul_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.0f), x), _mm256_set1_ps(0.70710677f)), _mm256_set1_ps(9.0f));
    __m256 t = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(_mm256_set1_ps(0.5f), z, _mm256_set1_ps(1.0f)));
    static const float coefficients[11] = {
        0.01768611930310726f, -0.09434361755847931f, 0.18765439093112946f, -0.14021199941635132f,
        -0.015356607735157013f, 0.02047436684370041f, 0.02626313641667366f, 0.09312665462493896f,
        0.12253152579069138f, 0.14113201200962067f, 0.1410440057516098f,
    };
    __m256 p = _mm256_set1_ps(coefficients[0]);
    for (int i = 1; i < 11; i++) p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(coefficients[i]));
    *gaussian = exponential(_mm256_mul_ps(_mm256_sub_ps(_mm256_setzero_ps(), z), z));
    return _mm256_mul_ps(_mm256_mul_ps(t, p), *gaussian);
}

/// GELU(x) = x · Φ(x) for eight values: the method and coefficients of `FastMath.gelu`.
static inline KERNEL __m256 gelu(__m256 x) {
    __m256 gaussian;
    __m256 half_erfc = lower_tail(x, &gaussian);
    __m256 positive = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GE_OQ);
    __m256 phi = _mm256_blendv_ps(half_erfc, _mm256_sub_ps(_mm256_set1_ps(1.0f), half_erfc), positive);
    return _mm256_mul_ps(x, phi);
}

/// GELU's tanh approximation (`gelu_new`): ½x(1 + tanh(u)) = x / (1 + e^(−2u)) with
/// u = √(2/π)(x + 0.044715x³): the method of `FastMath.geluTanh`. −2u is capped at 80 (its
/// e^ is then far past where the result is x · 0 in float anyway).
static inline KERNEL __m256 gelu_tanh(__m256 x) {
    __m256 cube = _mm256_mul_ps(_mm256_mul_ps(x, x), x);
    __m256 u = _mm256_mul_ps(_mm256_fmadd_ps(_mm256_set1_ps(0.044715f), cube, x), _mm256_set1_ps(0.7978845608028654f));
    __m256 e = exponential(_mm256_min_ps(_mm256_mul_ps(u, _mm256_set1_ps(-2.0f)), _mm256_set1_ps(80.0f)));
    return _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1.0f), e));
}

#endif

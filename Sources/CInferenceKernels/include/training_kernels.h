#ifndef SEMBLANCE_TRAINING_KERNELS_H
#define SEMBLANCE_TRAINING_KERNELS_H

/// Element-wise steps of training's forward pass with AVX2 and FMA. Only call when
/// `inference_kernels_available()` returned 1.

/// For each of `count` pre-activations u in `values`: activated ← GELU(u) = u·Φ(u) and
/// values ← GELU'(u) = Φ(u) + u·φ(u), with one exponential for both (the method and
/// polynomial of `inference_gelu`, so `activated` holds the bits `inference_gelu` gives).
void training_gelu_with_slope(float *values, float *activated, int count);

#endif

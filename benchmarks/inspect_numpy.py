"""The anchor for `semblance bench inspect`: the same statistics with numpy (OpenBLAS) on
vectors of the same shape (uniform noise plus a shared offset, unit rows): all pair cosines'
mean and percentiles (exact up to 20,000 items, else 2,000,000 sampled pairs), the same after
centring, PCA ratios, and exact k-NN hubness through a blocked matrix product.

    python3 benchmarks/inspect_numpy.py [ITEMS ...]     (default 2500 100000)
"""
import sys
import time

import numpy as np


def rows(n, d=384, seed=0x1A5E):
    rng = np.random.default_rng(seed)
    shared = rng.uniform(-1, 1, d).astype(np.float32)
    x = rng.uniform(-1, 1, (n, d)).astype(np.float32) + 0.5 * shared
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def pair_figures(x):
    n = len(x)
    if n <= 20_000:
        scores = (x @ x.T)[np.triu_indices(n, k=1)]
    else:
        rng = np.random.default_rng(1)
        i = rng.integers(0, n, 2_200_000)
        j = rng.integers(0, n, 2_200_000)
        keep = i != j
        i, j = np.minimum(i[keep], j[keep]), np.maximum(i[keep], j[keep])
        pairs = np.unique(i.astype(np.int64) * n + j)[:2_000_000]
        scores = np.einsum("ij,ij->i", x[pairs // n], x[pairs % n])
    return scores.mean(), np.percentile(scores, [1, 5, 25, 50, 75, 95, 99])


def hubness(x, k=10, block=2048):
    n = len(x)
    counts = np.zeros(n, dtype=np.int64)
    for start in range(0, n, block):
        s = x[start:start + block] @ x.T
        s[np.arange(len(s)), np.arange(start, start + len(s))] = -np.inf
        top = np.argpartition(-s, k, axis=1)[:, :k]
        np.add.at(counts, top.ravel(), 1)
    c = counts - counts.mean()
    return (c ** 3).mean() / (c ** 2).mean() ** 1.5


def main():
    for n in [int(a) for a in sys.argv[1:]] or [2500, 100_000]:
        x = rows(n)
        clock = time.perf_counter()
        mean, _ = pair_figures(x)
        centred = x - x.mean(axis=0)
        centred /= np.linalg.norm(centred, axis=1, keepdims=True)
        pair_figures(centred)
        c = x - x.mean(axis=0)
        eig = np.linalg.eigvalsh(c.T.astype(np.float64) @ c.astype(np.float64))[::-1]
        ratios = eig[:10] / eig.sum()
        statistics = time.perf_counter() - clock
        clock = time.perf_counter()
        skew = hubness(x)
        hub = time.perf_counter() - clock
        print(f"numpy {n} × 384: statistics {statistics:.2f} s, hubness {hub:.2f} s, total {statistics + hub:.2f} s"
              f"  (mean cosine {mean:.4f}, skewness {skew:.3f}, PCA first two {100 * ratios[:2].sum():.1f}%)")


if __name__ == "__main__":
    main()

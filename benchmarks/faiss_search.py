#!/usr/bin/env python3
"""faiss-cpu on the same vectors and queries as `semblance bench search --approx --vectors V --queries Q`,
with 2 threads: exact IndexFlatIP, IndexHNSWFlat (M 32, efSearch swept) and IndexBinaryFlat over
sign bits with exact re-ranking of the best r·k (r swept, the same two-pass idea as Semblance's).
Prints p50 seconds per query (queries one at a time, as the explorer asks) and recall@k against
IndexFlatIP, then, with --semblance BINARY, runs `semblance bench search --approx` on the same
files in the same run and prints its lines beside:

    pip install faiss-cpu
    python3 benchmarks/faiss_search.py --vectors synthetic-2m.npy --queries queries.npy \
        --semblance .build/release/semblance

Vectors are made unit length (as a normalizing model's) and searched in float32 (faiss has no
f16 flat index on CPU): note its memory is twice Semblance's f16 matrix.
"""
import argparse
import statistics
import subprocess
import sys
import time

import numpy as np


def timed_queries(search, queries, timed):
    times, results = [], []
    search(queries[:1])  # warm-up
    for i, query in enumerate(queries):
        start = time.perf_counter()
        found = search(query[None, :])
        elapsed = time.perf_counter() - start
        if i < timed:
            times.append(elapsed)
        results.append(found)
    return statistics.median(times), np.vstack(results)


def recall(found, truth, k):
    return float(np.mean([len(set(f[:k]) & set(t[:k])) / k for f, t in zip(found, truth)]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("-k", type=int, default=10)
    parser.add_argument("--timed-queries", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--hnsw", action="store_true", help="also build IndexHNSWFlat (slow to build at millions of rows)")
    parser.add_argument("--semblance", help="the semblance binary: run its bench on the same files too")
    arguments = parser.parse_args()
    import faiss

    faiss.omp_set_num_threads(arguments.threads)
    vectors = np.load(arguments.vectors, mmap_mode="r")
    queries = np.load(arguments.queries).astype(np.float32)
    base = np.ascontiguousarray(vectors, dtype=np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    n, d = base.shape
    k = arguments.k
    print(f"faiss {faiss.__version__}, {arguments.threads} threads, {n} × {d} float32, {len(queries)} queries, k {k}")
    rows = []

    flat = faiss.IndexFlatIP(d)
    flat.add(base)
    p50, truth = timed_queries(lambda q: flat.search(q, k)[1], queries, arguments.timed_queries)
    rows.append(("faiss IndexFlatIP (exact, f32)", p50, 1.0, base.nbytes))

    # Sign bits of the centred rows, Hamming first pass, exact re-ranking of r·k candidates.
    centre = base[:: max(1, n // 65536)].mean(axis=0)
    codes = np.packbits((base - centre) >= 0, axis=1, bitorder="little")
    binary = faiss.IndexBinaryFlat(d)
    binary.add(codes)
    for factor in (10, 50, 100, 200):
        def two_pass(q, factor=factor):
            qcode = np.packbits((q - centre) >= 0, axis=1, bitorder="little")
            candidates = binary.search(qcode, factor * k)[1][0]
            scores = base[candidates] @ q[0]
            return candidates[np.argsort(-scores)[:k]][None, :]
        p50, found = timed_queries(two_pass, queries, arguments.timed_queries)
        rows.append((f"faiss IndexBinaryFlat + re-rank {factor * k}", p50, recall(found, truth, k), base.nbytes + codes.nbytes))

    if arguments.hnsw:
        start = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 64
        hnsw.add(base)
        built = time.perf_counter() - start
        for ef in (16, 32, 64, 128):
            hnsw.hnsw.efSearch = ef
            p50, found = timed_queries(lambda q: hnsw.search(q, k)[1], queries, arguments.timed_queries)
            rows.append((f"faiss IndexHNSWFlat M32 efSearch {ef} (built in {built:.0f} s)", p50, recall(found, truth, k), None))

    print(f"{'method':58} {'p50/query':>10} {'recall@' + str(k):>10} {'memory':>9}")
    for name, p50, value, memory in rows:
        mb = f"{memory / 1e6:.0f} MB" if memory else "—"
        print(f"{name:58} {p50 * 1e3:8.2f} ms {value:10.4f} {mb:>9}")
    sys.stdout.flush()
    if arguments.semblance:
        subprocess.run([arguments.semblance, "bench", "search", "--approx", "--vectors", arguments.vectors,
                        "--queries", arguments.queries, "-k", str(k), "--timed-queries", str(arguments.timed_queries)],
                       check=True)


if __name__ == "__main__":
    main()

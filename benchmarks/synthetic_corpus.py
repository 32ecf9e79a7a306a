#!/usr/bin/env python3
"""Makes a large synthetic corpus from real sentence embeddings, for `semblance import` and the
search benchmarks at millions of rows:

    python3 benchmarks/synthetic_corpus.py --source debian.npy --rows 2000000 \
        --vectors synthetic-2m.npy --texts synthetic-2m.txt [--seed 1] [--queries 1000 --query-vectors q.npy]

Each row mixes two random source vectors (weights 1 and 0.15–0.6) and adds Gaussian noise
(σ 0.02 per component), then is made unit length, so rows keep the real vectors' shared
direction and topic clusters (what makes approximate search hard or easy) without being
copies. Written as float16 .npy (C order) in chunks of 65,536 rows: memory stays at a chunk
whatever --rows is. The texts file has one line per row naming its sources (`import
--no-verify` is needed: these vectors were not made from these texts). --queries writes that
many more rows, made the same way but from the other half of a split of the sources, as
held-out queries (float32 .npy).
"""
import argparse
import sys

import numpy as np

CHUNK = 65_536


def npy_header(shape, dtype):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%d, %d), }" % (np.dtype(dtype).str, shape[0], shape[1])
    # magic (6) + version (2) + length (2) + header + newline, padded to a multiple of 64
    padding = 64 - (10 + len(header) + 1) % 64
    header = header + " " * padding + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode("latin1")


def mixed_rows(source, count, generator):
    first = generator.integers(0, len(source), count)
    second = generator.integers(0, len(source), count)
    weight = generator.uniform(0.15, 0.6, count).astype(np.float32)[:, None]
    rows = source[first] + weight * source[second]
    rows += generator.normal(0, 0.02, rows.shape).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows, first, second


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help=".npy of real embeddings (rows × dimension)")
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--vectors", required=True, help="output .npy (float16)")
    parser.add_argument("--texts", required=True, help="output texts, one line per row")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=0)
    parser.add_argument("--query-vectors", help="output .npy of the held-out queries (float32)")
    arguments = parser.parse_args()
    if arguments.rows <= 0:
        sys.exit("synthetic_corpus.py: --rows must be positive")
    source = np.load(arguments.source, mmap_mode="r").astype(np.float32)
    if source.ndim != 2 or len(source) < 4:
        sys.exit(f"synthetic_corpus.py: {arguments.source}: expected rows × dimension, got shape {source.shape}")
    generator = np.random.default_rng(arguments.seed)
    order = generator.permutation(len(source))
    # Corpus rows from one half of the sources, queries from the other: no query is a corpus row's source.
    corpus_source = source[np.sort(order[len(order) // 2:])] if arguments.queries else source
    query_source = source[np.sort(order[: len(order) // 2])]
    dimension = source.shape[1]
    with open(arguments.vectors, "wb") as vectors, open(arguments.texts, "w", encoding="utf-8") as texts:
        vectors.write(npy_header((arguments.rows, dimension), np.float16))
        written = 0
        while written < arguments.rows:
            count = min(CHUNK, arguments.rows - written)
            rows, first, second = mixed_rows(corpus_source, count, generator)
            vectors.write(rows.astype("<f2").tobytes())
            texts.write("".join(f"synthetic row {written + i}: source {a} + source {b}\n"
                                for i, (a, b) in enumerate(zip(first, second))))
            written += count
            print(f"\r{written}/{arguments.rows}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if arguments.queries:
        if not arguments.query_vectors:
            sys.exit("synthetic_corpus.py: --queries needs --query-vectors")
        rows, _, _ = mixed_rows(query_source, arguments.queries, generator)
        np.save(arguments.query_vectors, rows.astype(np.float32))


if __name__ == "__main__":
    main()

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

--source-texts FILE (the texts of --source, one line per row) makes the set importable with the
real check: the rows `semblance import` samples for its re-encode check (32 positions drawn by the
same seeded SplitMix64 as `CorpusImport.samplePositions`) are written as exact source rows with
their texts, so `import` without --no-verify re-encodes them and compares. Every other row is
still a mix; the sample is the only thing that is real.
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


IMPORT_SAMPLE_SIZE = 32
IMPORT_SAMPLE_SEED = 0x5345_4D42
MASK = (1 << 64) - 1


def import_sample_positions(rows, size=IMPORT_SAMPLE_SIZE, seed=IMPORT_SAMPLE_SEED):
    """The positions `semblance import` re-encodes (CorpusImport.samplePositions, SplitMix64)."""
    if rows <= size:
        return list(range(rows))
    state, chosen = seed, set()
    while len(chosen) < size:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        chosen.add((z ^ (z >> 31)) % rows)
    return sorted(chosen)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help=".npy of real embeddings (rows × dimension)")
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--vectors", required=True, help="output .npy (float16)")
    parser.add_argument("--texts", required=True, help="output texts, one line per row")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=0)
    parser.add_argument("--query-vectors", help="output .npy of the held-out queries (float32)")
    parser.add_argument("--source-texts", help="the texts of --source, one line per row: the import's sampled rows become real")
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
    # The import's sample: each sampled position gets a distinct real source row (from the corpus half) and its text.
    real = {}
    if arguments.source_texts:
        with open(arguments.source_texts, encoding="utf-8") as handle:
            source_texts = handle.read().split("\n")[: len(source)]
        if len(source_texts) != len(source):
            sys.exit(f"synthetic_corpus.py: {arguments.source_texts}: {len(source_texts)} lines for {len(source)} source rows")
        corpus_rows = np.sort(order[len(order) // 2:]) if arguments.queries else np.arange(len(source))
        picks = generator.choice(len(corpus_rows), size=min(IMPORT_SAMPLE_SIZE, len(corpus_rows)), replace=False)
        for position, pick in zip(import_sample_positions(arguments.rows), picks):
            real[position] = (corpus_source[pick], source_texts[corpus_rows[pick]])
    with open(arguments.vectors, "wb") as vectors, open(arguments.texts, "w", encoding="utf-8") as texts:
        vectors.write(npy_header((arguments.rows, dimension), np.float16))
        written = 0
        while written < arguments.rows:
            count = min(CHUNK, arguments.rows - written)
            rows, first, second = mixed_rows(corpus_source, count, generator)
            lines = [f"synthetic row {written + i}: source {a} + source {b}\n" for i, (a, b) in enumerate(zip(first, second))]
            for position in (p for p in real if written <= p < written + count):
                rows[position - written] = real[position][0]
                lines[position - written] = real[position][1] + "\n"
            vectors.write(rows.astype("<f2").tobytes())
            texts.write("".join(lines))
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

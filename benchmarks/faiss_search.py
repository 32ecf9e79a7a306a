#!/usr/bin/env python3
"""Semblance and faiss-cpu side by side in one run, on the same vectors and held-out queries.

    pip install faiss-cpu
    python3 benchmarks/faiss_search.py --vectors corpus.npy --queries queries.npy \
        --semblance .build/release/semblance [--timed-queries 200] [--json out.json]

In this order, one method at a time (nothing else of this script runs meanwhile):
  1. Semblance: `semblance bench search --approx --vectors V --queries Q` (exact f16 scan and
     approximate search, its recall@k against its own exact search over every query, memory),
     once per --candidate-factors value (re-scored candidates per result); with --bracket the
     first of them again after faiss, so both windows' load is on record.
  2. faiss IndexFlatIP (exact, float32: faiss has no f16 flat index on CPU): the ground truth
     (with --no-flat, numpy's exact top-k over the same float32 rows instead).
  3. faiss IndexBinaryFlat over the sign bits of the centred rows, the best r·k re-ranked exactly
     from the float32 rows (r swept: the same two-pass idea as Semblance's).
  4. faiss IndexHNSWFlat (M 32 by default), its build time and memory, efSearch swept upwards
     until recall@k reaches Semblance's approximate recall ("equal recall").

Timing: p50 of the first --timed-queries queries, each searched alone (one query per call, as
the explorer asks), after one warm-up query. Recall@k: over every query, against IndexFlatIP's
top-k (faiss rows) or Semblance's own exact f16 top-k (Semblance rows); a line says how far
f16 rounding alone moves exact top-k on these vectors. faiss gets --threads OpenMP threads
(default 2, the machine's cores); note that faiss spreads a search over queries, so a single
query runs on one of them, while Semblance splits one query's scan over both cores. The batch
column (all queries in one call, divided by their count) shows what faiss does with both.
Memory: bytes the index holds (the process's resident growth while building it, /proc).
Vectors are made unit length (as a normalizing model's), so inner product = cosine.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

import numpy as np


def resident_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def load_average():
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def single_query_p50(search, queries, timed):
    """p50 seconds of `search` on each of the first `timed` queries, one query per call."""
    search(queries[:1])  # warm-up: page faults, thread start-up
    times = []
    for query in queries[:timed]:
        start = time.perf_counter()
        search(query[None, :])
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def batch_seconds_per_query(search, queries):
    start = time.perf_counter()
    found = search(queries)
    return (time.perf_counter() - start) / len(queries), found


def recall_per_query(found, truth, k):
    """Each query's share of its true top k that was found (rows of ids: lists or arrays)."""
    return np.array([len(set(np.asarray(f[:k]).tolist()) & set(np.asarray(t[:k]).tolist())) / k
                     for f, t in zip(found, truth)])


def recall(found, truth, k):
    return float(np.mean(recall_per_query(found, truth, k)))


def unit_rows_f32(source, chunk=131_072):
    """The rows as float32 made unit length, a chunk at a time (no whole-matrix temporaries:
    10M × 384 rows are 15 GB in float32)."""
    base = np.empty(source.shape, dtype=np.float32)
    for first in range(0, len(source), chunk):
        rows = np.asarray(source[first:first + chunk], dtype=np.float32)
        base[first:first + chunk] = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    return base


def exact_top_k(base, queries, k, chunk=131_072, unit_rows=False):
    """Exact top-k by inner product in numpy, a chunk of rows at a time (any row dtype);
    with unit_rows each row is made unit length first (cosine against unit queries)."""
    best_scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
    best_ids = np.zeros((len(queries), k), dtype=np.int64)
    for first in range(0, len(base), chunk):
        rows = np.asarray(base[first:first + chunk], dtype=np.float32)
        if unit_rows:
            rows = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
        scores = queries @ rows.T
        top = np.argpartition(-scores, min(k, scores.shape[1] - 1), axis=1)[:, :k]
        scores = np.concatenate([best_scores, np.take_along_axis(scores, top, axis=1)], axis=1)
        ids = np.concatenate([best_ids, top + first], axis=1)
        order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
        best_scores, best_ids = np.take_along_axis(scores, order, axis=1), np.take_along_axis(ids, order, axis=1)
    return best_ids


SEMBLANCE_MAIN = re.compile(
    r"(?P<rows>\d+) × (?P<dim>\d+) f16: exact top-(?P<k>\d+) p50\s+(?P<exact>[\d.]+) ms \| approximate p50\s+(?P<approx>[\d.]+) ms"
    r".*?(?P<candidates>\d+) candidates re-scored \| recall@\d+ (?P<recall>[\d.]+) over (?P<queries>\d+) queries")
SEMBLANCE_MEMORY = re.compile(
    r"memory: matrix (?P<matrix>\d+) MB, sign codes (?P<codes>\d+) MB \(built in (?P<built>[\d.]+) s\); "
    r"process resident (?P<resident>\S+) MB, peak (?P<peak>\S+) MB")
SEMBLANCE_FLOOR = re.compile(r"floor: .* p50\s+(?P<floor>[\d.]+) ms")


def run_semblance(binary, arguments, candidate_factor=None):
    command = [binary, "bench", "search", "--approx", "--vectors", arguments.vectors, "--queries", arguments.queries,
               "-k", str(arguments.k), "--timed-queries", str(arguments.timed_queries)] + arguments.semblance_option
    if candidate_factor is not None:
        command += ["--candidate-factor", str(candidate_factor)]
    print("$ " + " ".join(command), flush=True)
    start = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    for line in output.splitlines():
        print("  " + line)
    figures = {"wall seconds": wall, "raw": output, "load": load_average()}
    for pattern in (SEMBLANCE_MAIN, SEMBLANCE_MEMORY, SEMBLANCE_FLOOR):
        match = pattern.search(output)
        if match:
            figures.update({key: float(value) if re.fullmatch(r"[\d.]+", value) else value
                            for key, value in match.groupdict().items()})
    if "recall" not in figures:
        print("faiss_search.py: could not read Semblance's figures from its output (format changed?)", file=sys.stderr)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", required=True, help=".npy rows × dimension (float32 or float16)")
    parser.add_argument("--queries", required=True, help=".npy held-out queries")
    parser.add_argument("-k", type=int, default=10)
    parser.add_argument("--timed-queries", type=int, default=200, help="queries timed one at a time (p50)")
    parser.add_argument("--threads", type=int, default=2, help="faiss's OpenMP threads")
    parser.add_argument("--semblance", help="the semblance binary: its bench runs first on the same files")
    parser.add_argument("--semblance-option", action="append", default=[],
                        help="one more argument for `semblance bench search` (repeatable), e.g. --semblance-option=--candidate-factor=100")
    parser.add_argument("--candidate-factors", default="",
                        help="Semblance: one bench run per candidate factor (comma-separated; default: its own default only); "
                             "the first sets HNSW's target recall")
    parser.add_argument("--bracket", action="store_true",
                        help="run Semblance's first bench again after faiss, so the load of both windows is on record")
    parser.add_argument("--binary-factors", default="10,50,100,200", help="IndexBinaryFlat: re-rank r·k candidates for each r")
    parser.add_argument("--no-hnsw", action="store_true", help="skip IndexHNSWFlat (its build takes minutes at 1M rows)")
    parser.add_argument("--no-flat", action="store_true",
                        help="skip IndexFlatIP (a second float32 copy of the rows: 30 GB at 10M); numpy's exact top-k is the truth")
    parser.add_argument("--hnsw-m", type=int, default=32)
    parser.add_argument("--ef-construction", type=int, default=40, help="IndexHNSWFlat efConstruction (faiss's default 40)")
    parser.add_argument("--ef-search", default="16,32,64,128,256,512,1024",
                        help="efSearch values tried in order; the sweep stops at the first reaching the target recall")
    parser.add_argument("--target-recall", type=float, help="HNSW's target (default: Semblance's approximate recall, else 0.99)")
    parser.add_argument("--json", help="write every figure to this file")
    arguments = parser.parse_args()
    k = arguments.k
    report = {"load at start": load_average(), "vectors": arguments.vectors, "queries": arguments.queries, "k": k,
              "timed queries": arguments.timed_queries, "threads": arguments.threads}
    print(f"load average at start: {report['load at start']}", flush=True)

    runs = []
    if arguments.semblance:
        factors = [int(f) for f in arguments.candidate_factors.split(",") if f] or [None]
        runs = [run_semblance(arguments.semblance, arguments, factor) for factor in factors]
        report["semblance"] = runs
    target = arguments.target_recall or (runs[0].get("recall") if runs else None) or 0.99
    report["target recall"] = target

    import faiss

    faiss.omp_set_num_threads(arguments.threads)
    source = np.load(arguments.vectors, mmap_mode="r")
    queries = np.ascontiguousarray(np.load(arguments.queries), dtype=np.float32)
    base = unit_rows_f32(source)  # a copy: the file stays read-only
    queries /= np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-12)
    n, d = base.shape
    timed = min(arguments.timed_queries, len(queries))
    print(f"faiss {faiss.__version__}, {arguments.threads} OpenMP threads, {n} × {d} float32 (file {source.dtype}), "
          f"{len(queries)} queries, {timed} timed, k {k}", flush=True)
    rows = []

    def add_row(method, p50, batch, value, memory, build, note=""):
        rows.append({"method": method, "p50 ms": p50 * 1e3, "batch ms/query": None if batch is None else batch * 1e3,
                     "recall": value, "memory MB": None if memory is None else memory / 1e6,
                     "build s": build, "note": note, "load": load_average()})
        print(f"  {method}: p50 {p50 * 1e3:.3f} ms, recall@{k} {value:.4f}, load {load_average()}", flush=True)

    if arguments.no_flat:
        # IndexFlatIP keeps a second float32 copy (30 GB at 10M rows): the truth is numpy's.
        truth = exact_top_k(base, queries, k)
        report["ground truth"] = "numpy exact top-k over the float32 rows (--no-flat)"
        print("  IndexFlatIP not run (--no-flat): ground truth from numpy's exact top-k over the f32 rows", flush=True)
    else:
        before = resident_bytes()
        start = time.perf_counter()
        flat = faiss.IndexFlatIP(d)
        flat.add(base)
        built, memory = time.perf_counter() - start, resident_bytes() - before
        p50 = single_query_p50(lambda q: flat.search(q, k), queries, timed)
        batch, (_, truth) = batch_seconds_per_query(lambda q: flat.search(q, k), queries)
        add_row("faiss IndexFlatIP (exact, f32)", p50, batch, 1.0, memory, built)
        del flat

    if source.dtype != np.float16:
        # What f16 storage alone does to exact top-k (Semblance's exact search scans f16 rows).
        rounded = exact_top_k(base.astype(np.float16), queries, k)
        report["exact f16 vs exact f32 recall"] = recall(rounded, truth, k)
        print(f"  exact top-{k} on f16-rounded rows vs f32: recall {report['exact f16 vs exact f32 recall']:.4f}", flush=True)
        del rounded

    # Sign bits of the centred rows, Hamming first pass, exact re-ranking of r·k candidates.
    before = resident_bytes()
    start = time.perf_counter()
    centre = base[:: max(1, n // 65536)].mean(axis=0)
    codes = np.concatenate([np.packbits((base[first:first + 131_072] - centre) >= 0, axis=1, bitorder="little")
                            for first in range(0, n, 131_072)])
    binary = faiss.IndexBinaryFlat(d)
    binary.add(codes)
    built, memory = time.perf_counter() - start, resident_bytes() - before
    query_codes = np.packbits((queries - centre) >= 0, axis=1, bitorder="little")
    for factor in (int(f) for f in arguments.binary_factors.split(",")):
        def two_pass(q, factor=factor):
            candidates = binary.search(np.packbits((q - centre) >= 0, axis=1, bitorder="little"), factor * k)[1]
            return np.stack([c[np.argsort(-(base[c] @ one))[:k]] for c, one in zip(candidates, q)])
        p50 = single_query_p50(two_pass, queries, timed)
        batch, found = batch_seconds_per_query(two_pass, queries)
        add_row(f"faiss IndexBinaryFlat + re-rank {factor * k}", p50, batch, recall(found, truth, k),
                memory + base.nbytes, built, "codes + the f32 rows for re-ranking")
    del binary, codes, query_codes

    if not arguments.no_hnsw:
        before = resident_bytes()
        start = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(d, arguments.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = arguments.ef_construction
        hnsw.add(base)
        built, memory = time.perf_counter() - start, resident_bytes() - before
        report["hnsw build"] = {"seconds": built, "bytes": memory, "load": load_average()}
        print(f"  IndexHNSWFlat M {arguments.hnsw_m} efConstruction {arguments.ef_construction}: built in {built:.1f} s, "
              f"{memory / 1e6:.0f} MB, load {load_average()}", flush=True)
        for ef in (int(e) for e in arguments.ef_search.split(",")):
            hnsw.hnsw.efSearch = ef
            batch, (_, found) = batch_seconds_per_query(lambda q: hnsw.search(q, k), queries)
            value = recall(found, truth, k)
            p50 = single_query_p50(lambda q: hnsw.search(q, k), queries, timed)
            add_row(f"faiss IndexHNSWFlat M{arguments.hnsw_m} efSearch {ef}", p50, batch, value, memory, built,
                    f"efConstruction {arguments.ef_construction}" + (f"; reaches {target:.4f}" if value >= target else ""))
            if value >= target:
                break

    report["faiss"] = rows
    # The float32 rows (15 GB at 10M) and anything holding them go before Semblance runs
    # again beside this process: both at once did not fit in 24 GB.
    base = two_pass = hnsw = None
    if arguments.semblance and arguments.bracket:
        factors = [int(f) for f in arguments.candidate_factors.split(",") if f] or [None]
        again = run_semblance(arguments.semblance, arguments, factors[0])
        again["again"] = True
        runs.append(again)
    report["load at end"] = load_average()
    print()
    print(f"{n:,} × {d}, {len(queries):,} held-out queries, k {k}; p50 of {timed} single queries; "
          f"load {report['load at start']} → {report['load at end']}")
    print()
    print("| method | p50 per query | batch, per query | recall@10 | index memory | build |")
    print("|---|---|---|---|---|---|")
    for index, semblance in enumerate(run for run in runs if "exact" in run):
        matrix, codes = semblance.get("matrix", float("nan")), semblance.get("codes", float("nan"))
        again = " (again, after faiss)" if semblance.get("again") else ""
        if index == 0 or again:
            print(f"| Semblance exact f16 (both cores){again} | {semblance['exact']:.2f} ms | – | 1 (its own exact) | {matrix:.0f} MB | – |")
        print(f"| Semblance approximate, {int(semblance['candidates'])} re-scored (both cores){again} | {semblance['approx']:.2f} ms | – | "
              f"{semblance['recall']:.4f} | {matrix + codes:.0f} MB (matrix + codes) | {semblance.get('built', float('nan')):.1f} s |")
    for row in rows:
        batch = f"{row['batch ms/query']:.3f} ms" if row["batch ms/query"] is not None else "–"
        memory = f"{row['memory MB']:.0f} MB" if row["memory MB"] is not None else "–"
        print(f"| {row['method']} | {row['p50 ms']:.2f} ms | {batch} | {row['recall']:.4f} | {memory} | {row['build s']:.1f} s |")
    if arguments.json:
        with open(arguments.json, "w") as handle:
            json.dump(report, handle, indent=1)


if __name__ == "__main__":
    main()

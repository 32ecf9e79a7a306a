#!/usr/bin/env python3
"""Recall@k of Semblance's approximate search against exact search on a real corpus, through
the commands people run: `import`, then `search --exact` and `search --approx` for every
held-out query, in a private cache.

    python3 benchmarks/approximate_recall.py --semblance .build/release/semblance \
        --vectors /work/data/debian100k/corpus.npy --texts corpus.txt \
        --queries /work/data/debian100k/queries.npy --query-texts queries.txt \
        --work /tmp/recall [--precision f16] [--floor 0.99] [--json out.json]

The vectors file must be this model's encoding of the texts (the import re-encodes a sample
and refuses otherwise; --no-verify skips that), and the query vectors the model's encoding of
the query texts: `search` encodes the query texts itself, and the query vectors are used only
for the independent reference, an exact top-k in numpy (float32) over the vectors file.
Prints recall@k of approximate against Semblance's exact search (the figure the issue's target
is about, ≥ 0.99 on real embeddings), of each against numpy's exact top-k, the worst query,
and the whole-process time of each search command (model load, the first search's corpus
statistics, encoding the queries). Exits 1 when approximate recall is below --floor. --bench also runs `bench search --approx` on
the same vectors and queries (the in-memory matrix path; --bench-option passes options to it,
e.g. to force a path at this size).
Run it again after a change to approximate search: the import is kept in --work's cache and
reused; --fresh imports again (a new cache file).
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

from faiss_search import exact_top_k, recall_per_query  # faiss itself is imported only inside faiss_search's run


def load_average():
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def run(command, **options):
    print("$ " + " ".join(command[:12]) + (" …" if len(command) > 12 else ""), flush=True)
    start = time.perf_counter()
    result = subprocess.run(command, check=True, capture_output=True, text=True, **options)
    return result, time.perf_counter() - start


def search(arguments, cache, mode, query_texts):
    """Ids of the top-k of every query (in order) from one `semblance search` process."""
    command = [arguments.semblance, "search", "--cache", cache, "--corpus", arguments.corpus, mode,
               "--format", "jsonl", "-k", str(arguments.k), "--"] + query_texts
    result, seconds = run(command)
    found = {}
    for line in result.stdout.splitlines():
        hit = json.loads(line)
        found.setdefault(hit["query"], []).append(int(hit["id"]))
    missing = [text for text in query_texts if text not in found]
    if missing:
        sys.exit(f"approximate_recall.py: search {mode} returned nothing for {len(missing)} queries, e.g. {missing[0]!r}")
    return [found[text] for text in query_texts], seconds, result.stderr.strip()


def numpy_exact(vectors, queries, k):
    """Exact top-k by cosine in float32 (faiss_search's chunked top-k on unit rows and queries)."""
    queries = queries / np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-12)
    return exact_top_k(vectors, queries, k, unit_rows=True).tolist()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--semblance", required=True, help="the semblance binary")
    parser.add_argument("--vectors", required=True, help=".npy of the corpus's vectors (this model's)")
    parser.add_argument("--texts", required=True, help="the corpus's texts, one line per vector")
    parser.add_argument("--queries", required=True, help=".npy of the held-out queries' vectors (for the numpy reference)")
    parser.add_argument("--query-texts", required=True, help="the held-out queries, one per line, in the same order")
    parser.add_argument("--work", required=True, help="directory for the private cache (kept and reused)")
    parser.add_argument("--corpus", default="recall-corpus")
    parser.add_argument("--precision", choices=["f16", "f32"], default="f16")
    parser.add_argument("--no-verify", action="store_true", help="import without re-encoding a sample")
    parser.add_argument("--fresh", action="store_true", help="remove --work's cache and import again")
    parser.add_argument("-k", type=int, default=10)
    parser.add_argument("--floor", type=float, default=0.99, help="exit 1 when approximate recall@k is below this")
    parser.add_argument("--bench", action="store_true",
                        help="also run `semblance bench search --approx` on the same vectors and queries (its recall and p50s)")
    parser.add_argument("--bench-option", action="append", default=[],
                        help="one more argument for that bench (repeatable), e.g. --bench-option=--candidate-factor=100")
    parser.add_argument("--json", help="write every figure to this file")
    arguments = parser.parse_args()
    k = arguments.k
    report = {"load at start": load_average(), "vectors": arguments.vectors, "precision": arguments.precision, "k": k}
    print(f"load average at start: {report['load at start']}", flush=True)

    with open(arguments.query_texts, encoding="utf-8") as handle:
        query_texts = handle.read().splitlines()
    queries = np.load(arguments.queries)
    vectors = np.load(arguments.vectors, mmap_mode="r")
    if len(queries) != len(query_texts):
        sys.exit(f"approximate_recall.py: {arguments.queries} has {len(queries)} rows for {len(query_texts)} query texts")
    if len(set(query_texts)) != len(query_texts):
        sys.exit(f"approximate_recall.py: {arguments.query_texts} repeats a query (results are matched by text)")

    os.makedirs(arguments.work, exist_ok=True)
    cache = os.path.join(arguments.work, "cache.sqlite")
    if arguments.fresh:
        for name in os.listdir(arguments.work):
            if name.startswith("cache.sqlite") or name.startswith("corpus-"):
                os.remove(os.path.join(arguments.work, name))
    listed, _ = run([arguments.semblance, "cache", "list", "--cache", cache]) if os.path.exists(cache) else (None, 0)
    if listed is None or arguments.corpus not in listed.stdout:
        ids = os.path.join(arguments.work, "ids.txt")
        with open(ids, "w") as handle:
            handle.write("".join(f"{row}\n" for row in range(len(vectors))))
        command = [arguments.semblance, "import", "--cache", cache, "--corpus", arguments.corpus, "--vectors",
                   arguments.vectors, "--texts", arguments.texts, "--ids", ids, "--precision", arguments.precision, "--quiet"]
        _, seconds = run(command + (["--no-verify"] if arguments.no_verify else []))
        report["import seconds"] = seconds
        print(f"  imported {len(vectors):,} vectors in {seconds:.1f} s (verified: {not arguments.no_verify})", flush=True)

    exact, report["exact search seconds"], _ = search(arguments, cache, "--exact", query_texts)
    approximate, report["approximate search seconds"], note = search(arguments, cache, "--approx", query_texts)
    report["approximate note"] = note
    reference = numpy_exact(vectors, queries, k)

    approx_vs_exact = recall_per_query(approximate, exact, k)
    figures = {
        "approximate vs Semblance exact": approx_vs_exact,
        "Semblance exact vs numpy exact (float32)": recall_per_query(exact, reference, k),
        "approximate vs numpy exact (float32)": recall_per_query(approximate, reference, k),
    }
    report["load at end"] = load_average()
    print()
    print(f"{len(vectors):,} corpus rows ({arguments.precision}), {len(query_texts):,} held-out queries, k {k}; "
          f"load {report['load at start']} → {report['load at end']}")
    print()
    print(f"| recall@{k} | mean | worst query | queries below 1 |")
    print("|---|---|---|---|")
    for name, values in figures.items():
        report[name] = {"mean": float(values.mean()), "worst": float(values.min()), "below 1": int((values < 1).sum())}
        print(f"| {name} | {values.mean():.4f} | {values.min():.1f} | {(values < 1).sum()} |")
    print()
    print(f"whole `search` process for all {len(query_texts)} queries: exact {report['exact search seconds']:.1f} s, "
          f"approximate {report['approximate search seconds']:.1f} s (model load and query encoding included; the exact "
          f"one ran first, so it also computed the corpus statistics when they were not stored yet)")
    if note:
        print(f"approximate search said: {note}")
    if arguments.bench:
        command = [arguments.semblance, "bench", "search", "--approx", "--vectors", arguments.vectors, "--queries",
                   arguments.queries, "-k", str(k)] + arguments.bench_option
        result, _ = run(command)
        report["bench"] = result.stdout
        print(result.stdout.rstrip())
    if arguments.json:
        with open(arguments.json, "w") as handle:
            json.dump(report, handle, indent=1)
    if approx_vs_exact.mean() < arguments.floor:
        print(f"approximate recall@{k} {approx_vs_exact.mean():.4f} is below the floor {arguments.floor}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The tokenizers library's throughput on the texts `semblance bench` tokenizes, to read beside
the `tokenize:` line of `semblance bench` (run both in one go with benchmarks/run.sh).

    python3 benchmarks/tokenizer_bench.py [--model DIR] [--input FILE] [--runs 5]

Loads DIR/tokenizer.json with the `tokenizers` library, truncation at the model's
max_seq_length as sentence-transformers sets it, and times `encode_batch` over every text:
once with the library's own thread pool (its default batch mode, all cores) and once with
TOKENIZERS_PARALLELISM=false (one thread), each the median of --runs passes, in tokens/s.
"""
import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from python_bench import DEFAULT_MODEL, declared_max_length, median, read_texts  # noqa: E402


def measure(model, texts, runs):
    from tokenizers import Tokenizer
    tokenizer = Tokenizer.from_file(os.path.join(model, "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(declared_max_length(model) or 512)
    tokenizer.encode_batch(texts[:64])  # warm-up: thread pool and caches
    seconds, tokens = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        encodings = tokenizer.encode_batch(texts)
        seconds.append(time.perf_counter() - start)
        tokens = sum(len(encoding.ids) for encoding in encodings)
    return tokens, median(seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="model directory with tokenizer.json (default: the installed all-MiniLM-L6-v2)")
    parser.add_argument("--input", help="texts: an STS CSV (its distinct sentences) or one text per line")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--synthetic", help=argparse.SUPPRESS)  # run.sh passes `semblance bench` options through
    parser.add_argument("--mode", choices=["parallel", "single"], help=argparse.SUPPRESS)  # internal
    args, _ = parser.parse_known_args()  # the other `semblance bench` options do not apply here
    if args.synthetic:
        return  # random token ids: nothing to tokenize
    model = args.model or os.environ.get("SEMBLANCE_MODEL") or DEFAULT_MODEL
    texts, origin = read_texts(args.input)
    if args.mode:
        tokens, seconds = measure(model, texts, max(1, args.runs))
        label = "library thread pool" if args.mode == "parallel" else "one thread"
        print(f"tokenizers:   {int(tokens / seconds):,} tokens/s with encode_batch, {label} "
              f"({len(texts)} texts, {origin}; {tokens:,} tokens; median of {args.runs}: {seconds * 1000:.1f} ms)")
        return
    import tokenizers
    print(f"[tokenizers {tokenizers.__version__}, {os.path.basename(os.path.normpath(model))}]", flush=True)
    # The library reads TOKENIZERS_PARALLELISM once per process: one process per mode.
    for mode, parallel in (("parallel", "true"), ("single", "false")):
        command = [sys.executable, os.path.abspath(__file__), "--model", model, "--runs", str(args.runs), "--mode", mode]
        command += ["--input", args.input] if args.input else []
        subprocess.run(command, check=True, env=dict(os.environ, TOKENIZERS_PARALLELISM=parallel))


if __name__ == "__main__":
    main()

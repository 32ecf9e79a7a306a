#!/usr/bin/env python3
"""PyTorch counterpart of `semblance bench train`: the same whole training steps on the same
pairs, written plainly (fit()'s recipe: AdamW with sentence-transformers' no_decay groups,
get_linear_schedule_with_warmup, clip_grad_norm_, cross-entropy over scale·cos, dropout on
unless --no-dropout), on the first STEPS × BATCH pairs in file order, once to warm up and then
PASSES times. Prints the same line as `semblance bench train`.

  python3 benchmarks/torch_train_bench.py --pairs FILE [--model DIR] [--batch-size 32]
      [--steps 10] [--passes 3] [--threads 2] [--no-dropout]

The functions here are the recipe that benchmarks/train_learning.py trains with too.
"""
import argparse
import csv
import json
import os
import resource
import statistics
import sys
import time

import torch
from sentence_transformers import SentenceTransformer
from transformers import get_linear_schedule_with_warmup

DEFAULT_MODEL = os.path.expanduser("~/.local/share/semblance/models/all-MiniLM-L6-v2")


def read_pairs(path):
    """(anchor, positive) pairs from csv/tsv (`anchor,positive` header skipped) or jsonl."""
    if path.endswith(".jsonl"):
        return [(row["anchor"], row["positive"]) for row in map(json.loads, open(path, encoding="utf-8")) if row]
    delimiter = "\t" if path.endswith(".tsv") else ","
    rows = [row for row in csv.reader(open(path, encoding="utf-8", newline=""), delimiter=delimiter) if row]
    if rows and rows[0][0].lower() == "anchor" and rows[0][1].lower() == "positive":
        rows = rows[1:]
    return [(row[0], row[1]) for row in rows]


def optimizer_and_schedule(model, lr, weight_decay, warmup_steps, total_steps):
    """fit()'s AdamW groups (no decay on biases and LayerNorm) and WarmupLinear."""
    no_decay = ["bias", "LayerNorm.bias", "LayerNorm.weight"]
    named = list(model.named_parameters())
    groups = [
        {"params": [p for n, p in named if not any(nd in n for nd in no_decay)], "weight_decay": weight_decay},
        {"params": [p for n, p in named if any(nd in n for nd in no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=lr)
    return optimizer, get_linear_schedule_with_warmup(optimizer, warmup_steps, total_steps)


def train_step(model, optimizer, scheduler, batch, scale=20.0, max_grad_norm=1.0):
    """One step of MultipleNegativesRankingLoss (cosine, in-batch negatives); returns the loss."""
    texts = [a for a, _ in batch] + [p for _, p in batch]
    features = (model.preprocess if hasattr(model, "preprocess") else model.tokenize)(texts)
    embeddings = model(features)["sentence_embedding"]
    anchors, positives = embeddings[: len(batch)], embeddings[len(batch):]
    scores = scale * torch.nn.functional.normalize(anchors, dim=1) @ torch.nn.functional.normalize(positives, dim=1).T
    loss = torch.nn.functional.cross_entropy(scores, torch.arange(len(batch)))
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_grad_norm)
    optimizer.step()
    scheduler.step()
    optimizer.zero_grad()
    return loss.item()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", required=True)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-dropout", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    pairs = read_pairs(args.pairs)
    needed = args.steps * args.batch_size
    if len(pairs) < needed:
        sys.exit(f"{len(pairs)} pairs; {args.steps} steps of {args.batch_size} need {needed}")
    pairs = pairs[:needed]
    model = SentenceTransformer(args.model, device="cpu")
    model.train(not args.no_dropout)
    optimizer, scheduler = optimizer_and_schedule(model, 2e-5, 0.01, args.steps, args.steps * (args.passes + 1))
    print(f"threads: torch {torch.get_num_threads()}; torch {torch.__version__}; model {os.path.basename(args.model.rstrip('/'))}")
    seconds = []
    for pass_number in range(args.passes + 1):
        start = time.perf_counter()
        for step in range(args.steps):
            train_step(model, optimizer, scheduler, pairs[step * args.batch_size:(step + 1) * args.batch_size])
        elapsed = time.perf_counter() - start
        print(f"pass {pass_number}{' (warm-up)' if pass_number == 0 else ''}: {elapsed:.2f} s", file=sys.stderr)
        if pass_number > 0:
            seconds.append(elapsed)
    rates = [needed / s for s in seconds]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    print(f"train: batch {args.batch_size}, {args.steps} steps × {args.passes} passes: "
          f"median {statistics.median(rates):.1f} pairs/s (min {min(rates):.1f}, max {max(rates):.1f}), "
          f"median step {statistics.median(seconds) / args.steps:.3f} s, peak RSS {peak / 1e6:.0f} MB")


if __name__ == "__main__":
    main()

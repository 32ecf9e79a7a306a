#!/usr/bin/env python3
"""Learning, not just arithmetic: one epoch of MNRL fine-tuning on the STS-B train pairs with
gold score >= 4 (1,406 pairs, batches of 32: 44 steps), shuffled, dropout on, with
`semblance train --eval` and with PyTorch/sentence-transformers (the recipe of
benchmarks/torch_train_bench.py), and STS-B dev Spearman x 100 before and after for both.

Recipe (the seed's fit() otherwise): lr 2e-5, weight decay 0.01 (not on biases/LayerNorm),
clip 1, scale 20, cosine; warm-up 10% of the steps (5 of 44: the seed's 500 warm-up steps
were ~0.7% of its 75,505; for a 44-step run a 10% ramp, transformers' usual warmup_ratio,
keeps the first updates small without spending most of the run below the peak lr).

  python3 benchmarks/train_learning.py [--model DIR] [--binary .build/release/semblance]
      [--seed 0] [--threads 2] [--keep DIR]

Prints the before/after figures and their differences; exits 1 when the two "after" figures
differ by more than 0.5 (Spearman x 100) or when training did not move either.
"""
import argparse
import csv
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
from scipy.stats import spearmanr
from sentence_transformers import SentenceTransformer

sys.path.insert(0, os.path.dirname(__file__))
from torch_train_bench import DEFAULT_MODEL, optimizer_and_schedule, train_step  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TRAIN = os.path.join(ROOT, "Tests", "Fixtures", "data", "stsb-en-train.csv")
DEV = os.path.join(ROOT, "Tests", "Fixtures", "data", "stsb-en-dev.csv")
BATCH, LR, WEIGHT_DECAY, CLIP, SCALE, WARMUP_FRACTION = 32, 2e-5, 0.01, 1.0, 20.0, 0.1


def sts_rows(path):
    return [(a, b, float(s)) for a, b, s in csv.reader(open(path, encoding="utf-8", newline=""))]


def dev_spearman(model):
    """Spearman x 100 of cosine vs gold on the dev split (sentence-transformers' evaluator's figure)."""
    rows = sts_rows(DEV)
    model.eval()
    with torch.no_grad():
        first = model.encode([a for a, _, _ in rows], batch_size=64, convert_to_numpy=True)
        second = model.encode([b for _, b, _ in rows], batch_size=64, convert_to_numpy=True)
    cosines = (first * second).sum(1) / np.linalg.norm(first, axis=1) / np.linalg.norm(second, axis=1)
    return 100 * spearmanr(cosines, [s for _, _, s in rows]).statistic


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "semblance"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep", help="keep the two trained models in this directory")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    pairs = [(a, b) for a, b, s in sts_rows(TRAIN) if s >= 4]
    steps = math.ceil(len(pairs) / BATCH)
    warmup = math.ceil(WARMUP_FRACTION * steps)
    print(f"{len(pairs)} pairs (gold >= 4), batch {BATCH}: {steps} steps, warm-up {warmup}, lr {LR}, "
          f"weight decay {WEIGHT_DECAY}, clip {CLIP}, scale {SCALE}, shuffled, dropout on; load {os.getloadavg()[0]:.1f}")
    scratch = args.keep or tempfile.mkdtemp(prefix="semblance-learning-")
    os.makedirs(scratch, exist_ok=True)
    pairs_file = os.path.join(scratch, "stsb-train-4plus.csv")
    with open(pairs_file, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["anchor", "positive"])
        writer.writerows(pairs)

    # semblance: its own evaluator before (eval sts) and after (train --eval).
    before = subprocess.run([args.binary, "eval", "sts", DEV, "--model", args.model, "--quiet"],
                            check=True, capture_output=True, text=True).stdout
    swift_before = float(re.search(r"Spearman × 100: (\d+\.\d+)", before).group(1))
    output = os.path.join(scratch, "semblance-trained")
    started = time.perf_counter()
    trained = subprocess.run([args.binary, "train", "--pairs", pairs_file, "--model", args.model, "--output", output,
                              "--overwrite", "--epochs", "1", "--batch-size", str(BATCH), "--lr", str(LR),
                              "--warmup-steps", str(warmup), "--weight-decay", str(WEIGHT_DECAY),
                              "--max-grad-norm", str(CLIP), "--scale", str(SCALE), "--seed", str(args.seed),
                              "--eval", DEV, "--quiet"], check=True, capture_output=True, text=True).stdout
    swift_seconds = time.perf_counter() - started
    swift_after = float(re.search(r"epoch 1: STS Spearman × 100 (\d+\.\d+)", trained).group(1))
    # The same trained directory through sentence-transformers: the figure does not depend on the evaluator.
    swift_after_st = dev_spearman(SentenceTransformer(output, device="cpu"))

    # PyTorch: RandomSampler-style shuffling with the seed, dropout on (train mode).
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    model = SentenceTransformer(args.model, device="cpu")
    torch_before = dev_spearman(model)
    order = torch.randperm(len(pairs), generator=torch.Generator().manual_seed(args.seed)).tolist()
    optimizer, scheduler = optimizer_and_schedule(model, LR, WEIGHT_DECAY, warmup, steps)
    model.train()
    started = time.perf_counter()
    losses = []
    for step in range(steps):
        batch = [pairs[i] for i in order[step * BATCH:(step + 1) * BATCH]]
        losses.append(train_step(model, optimizer, scheduler, batch, SCALE, CLIP))
    torch_seconds = time.perf_counter() - started
    torch_after = dev_spearman(model)
    if args.keep:
        model.save(os.path.join(scratch, "pytorch-trained"))

    print(f"STS-B dev Spearman x 100     before   after   change   training time")
    print(f"semblance train              {swift_before:6.2f}  {swift_after:6.2f}  {swift_after - swift_before:+6.2f}   "
          f"{swift_seconds:.0f} s (whole process, eval included)")
    print(f"  (its model in sent.-transf.)        {swift_after_st:6.2f}")
    print(f"PyTorch / sentence-transf.   {torch_before:6.2f}  {torch_after:6.2f}  {torch_after - torch_before:+6.2f}   "
          f"{torch_seconds:.0f} s (steps only)")
    print(f"after: |semblance - PyTorch| = {abs(swift_after - torch_after):.2f} (target <= 0.5); "
          f"PyTorch mean loss {sum(losses) / len(losses):.4f}; load {os.getloadavg()[0]:.1f}")
    moved = abs(swift_after - swift_before) > 0.05 and abs(torch_after - torch_before) > 0.05
    sys.exit(0 if moved and abs(swift_after - torch_after) <= 0.5 else 1)


if __name__ == "__main__":
    main()

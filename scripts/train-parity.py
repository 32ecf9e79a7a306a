#!/usr/bin/env python3
"""Opt-in parity check of `semblance train` against PyTorch on a real model (default: the
installed all-MiniLM-L6-v2), the same recipe as Tests/Fixtures/generators/make_training_reference.py
(fit() written out: AdamW groups, get_linear_schedule_with_warmup, clip_grad_norm_,
cross-entropy over scale·cos; no shuffling, no dropout).

  python3 scripts/train-parity.py [--model DIR] [--binary .build/release/semblance]

Prints each step's loss from both and the cosine of the two trained models' embeddings of the
340 reference texts (Tests/Fixtures/reference/all-MiniLM-L6-v2); exits 1 when a loss differs by more than 1e-3 or a cosine is below 0.9999.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "generators"))
import make_training_reference as reference  # noqa: E402

import numpy as np  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=os.path.expanduser("~/.local/share/semblance/models/all-MiniLM-L6-v2"))
    parser.add_argument("--binary", default=".build/release/semblance")
    parser.add_argument("--lr", type=float, default=5e-5)
    args = parser.parse_args()
    # The 340 reference texts of the default model's fixtures (the empty text included).
    texts_file = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "reference", "all-MiniLM-L6-v2", "embeddings.jsonl")
    reference.TEXTS = [json.loads(line)["text"] for line in open(texts_file)]
    reference.MODEL = args.model
    reference.RECIPE["lr"] = args.lr
    recipe = reference.RECIPE
    log, torch_embeddings = reference.run()

    with tempfile.TemporaryDirectory() as scratch:
        pairs = os.path.join(scratch, "pairs.tsv")
        with open(pairs, "w") as f:
            for a, p in reference.PAIRS:
                f.write(f"{a}\t{p}\n")
        output, steps = os.path.join(scratch, "trained"), os.path.join(scratch, "steps.jsonl")
        subprocess.run([args.binary, "train", "--pairs", pairs, "--model", args.model, "--output", output,
                        "--epochs", str(recipe["epochs"]), "--batch-size", str(recipe["batch_size"]),
                        "--lr", str(recipe["lr"]), "--warmup-steps", str(recipe["warmup_steps"]),
                        "--weight-decay", str(recipe["weight_decay"]), "--max-grad-norm", str(recipe["max_grad_norm"]),
                        "--scale", str(recipe["scale"]), "--no-shuffle", "--no-dropout", "--log", steps, "--quiet"],
                       check=True)
        mine = [json.loads(line) for line in open(steps)]
        swift_embeddings = SentenceTransformer(output, device="cpu").encode(reference.TEXTS)

    failed = False
    for theirs, ours in zip(log, mine):
        difference = abs(theirs["loss"] - ours["loss"])
        failed |= difference > 1e-3
        print(f"step {ours['step']:3d}  loss pytorch {theirs['loss']:.6f}  semblance {ours['loss']:.6f}  |Δ| {difference:.2e}")
    failed |= len(log) != len(mine)
    cosines = [float(np.dot(a, b) / np.linalg.norm(a) / np.linalg.norm(b)) for a, b in zip(torch_embeddings, swift_embeddings)]
    print(f"trained embeddings: min cos {min(cosines):.7f} over {len(cosines)} texts")
    failed |= min(cosines) < 0.9999
    print("FAILED" if failed else "ok")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

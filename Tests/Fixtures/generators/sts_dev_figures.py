#!/usr/bin/env python3
"""STS benchmark dev Spearman × 100 with sentence-transformers, as `semblance eval sts` computes it.

    python3 Tests/Fixtures/generators/sts_dev_figures.py MODEL_DIR [MODEL_DIR ...]

Each distinct sentence of Tests/Fixtures/data/stsb-en-dev.csv (sentence1, sentence2, gold score)
is encoded once with `SentenceTransformer(dir).encode`, each pair scored with the model's own
similarity function (`model.similarity`), and Spearman's rank correlation against the gold
scores printed × 100 with four decimals. Made with sentence-transformers 6.2.0, transformers
5.24.0, tokenizers 0.23.3, torch 2.15 (CPU).
"""
import csv
import os
import sys

from scipy.stats import spearmanr
from sentence_transformers import SentenceTransformer

HERE = os.path.dirname(os.path.abspath(__file__))
DEV = os.path.join(HERE, "..", "data", "stsb-en-dev.csv")


def main(directories):
    with open(DEV, newline="", encoding="utf-8") as handle:
        rows = [(a, b, float(score)) for a, b, score in csv.reader(handle)]
    sentences = list(dict.fromkeys(s for a, b, _ in rows for s in (a, b)))
    for directory in directories:
        model = SentenceTransformer(directory, device="cpu")
        vectors = dict(zip(sentences, model.encode(sentences, batch_size=32, convert_to_tensor=True)))
        scores = [float(model.similarity(vectors[a], vectors[b])) for a, b, _ in rows]
        rho = spearmanr(scores, [gold for _, _, gold in rows]).statistic
        print(f"{os.path.basename(os.path.normpath(directory))}: {len(rows)} pairs, "
              f"{model.similarity_fn_name}, Spearman x 100 = {rho * 100:.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])

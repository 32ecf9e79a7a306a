#!/usr/bin/env python3
"""MultipleNegativesRankingLoss references, computed independently with numpy.

    python3 Tests/Fixtures/generators/mnrl_reference.py

Writes Tests/Fixtures/reference/mnrl/:
- synthetic.json: 40 seeded (anchor, positive) vector pairs (16 dims) and the loss as training
  sees them (batches of 32 and 8, scale 20; one batch of the first 5 pairs at scale 7.5).
- minilm-pairs.tsv + minilm-pairs.json: 6 sentence pairs from the reference texts and the MNRL
  of their all-MiniLM-L6-v2 reference embeddings (reference/all-MiniLM-L6-v2/embeddings.jsonl,
  made by sentence-transformers), cosine, scale 20.
- tiny-pairs.tsv + tiny-pairs.json: 34 pairs (more than one batch of 32) with the
  tiny-bert-mean reference embeddings.
Each row: loss = logsumexp(scale * cos(a_i, p_j) over j) - scale * cos(a_i, p_i), the
cross-entropy sentence-transformers' MultipleNegativesRankingLoss computes (checked here against
torch.nn.functional.cross_entropy when torch is present). numpy 1.x/2.x.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "reference", "mnrl")
REFERENCE = os.path.join(HERE, "..", "reference")


def cosine_matrix(a, b):
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return a @ b.T


def mnrl_batch(anchors, positives, scale, with_probabilities=False):
    scores = scale * cosine_matrix(anchors.astype(np.float64), positives.astype(np.float64))
    top = scores.max(axis=1, keepdims=True)
    exps = np.exp(scores - top)
    probabilities = exps / exps.sum(axis=1, keepdims=True)
    logsumexp = top[:, 0] + np.log(exps.sum(axis=1))
    losses = logsumexp - np.diag(scores)
    rows = []
    for i in range(len(scores)):
        others = [j for j in range(len(scores)) if j != i]
        hardest = max(others, key=lambda j: scores[i, j]) if others else None
        rows.append({
            "loss": float(losses[i]), "p_positive": float(probabilities[i, i]),
            "hardest_negative": hardest, "scores": [float(x) for x in scores[i]],
        })
        if with_probabilities:
            rows[-1]["probabilities"] = [float(x) for x in probabilities[i]]
    try:
        import torch
        torch_loss = torch.nn.functional.cross_entropy(torch.tensor(scores), torch.arange(len(scores)))
        assert abs(float(torch_loss) - float(losses.mean())) < 1e-9
    except ImportError:
        pass
    return {"loss": float(losses.mean()), "rows": rows}


def batches(anchors, positives, scale, size):
    out = []
    for start in range(0, len(anchors), size):
        batch = mnrl_batch(anchors[start:start + size], positives[start:start + size], scale)
        batch["first_pair"] = start
        out.append(batch)
    return out


def rounded(vectors):
    # Stored as float32 text with 9 significant digits: the Swift test reads the same floats.
    return [[float("%.9g" % x) for x in v] for v in vectors.astype(np.float32)]


def synthetic():
    rng = np.random.default_rng(16)
    anchors = rng.normal(size=(40, 16)).astype(np.float32)
    # Positives near their anchors, so the right column usually but not always wins.
    positives = (anchors + 1.2 * rng.normal(size=(40, 16))).astype(np.float32)
    anchors = np.array(rounded(anchors), dtype=np.float64)
    positives = np.array(rounded(positives), dtype=np.float64)
    return {
        "anchors": anchors.tolist(), "positives": positives.tolist(),
        "scale_20_batch_32": batches(anchors, positives, 20.0, 32),
        "scale_20_batch_8": batches(anchors, positives, 20.0, 8),
        "scale_7_5_first_5": mnrl_batch(anchors[:5], positives[:5], 7.5, with_probabilities=True),
    }


def sentence_pairs(model_folder, first, count):
    with open(os.path.join(REFERENCE, model_folder, "embeddings.jsonl"), encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    # Texts a TSV carries without quoting (no tab, newline or double quote).
    clean = [r for r in records[first:] if not any(c in r["text"] for c in '\t\n"')]
    chosen = clean[:2 * count]
    anchors = np.array([r["embedding"] for r in chosen[0::2]], dtype=np.float64)
    positives = np.array([r["embedding"] for r in chosen[1::2]], dtype=np.float64)
    pairs = [(a["text"], p["text"]) for a, p in zip(chosen[0::2], chosen[1::2])]
    return pairs, anchors, positives


def write_pairs(name, pairs, result):
    with open(os.path.join(OUT, name + ".tsv"), "w", encoding="utf-8") as handle:
        for a, p in pairs:
            handle.write(a + "\t" + p + "\n")
    with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as handle:
        json.dump({"pairs": pairs, "scale": 20.0, "batches": result}, handle)


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "synthetic.json"), "w", encoding="utf-8") as handle:
        json.dump(synthetic(), handle)
    # Texts 40.. are STS sentences (the first 40 are edge cases), pairs of neighbours in the file.
    pairs, anchors, positives = sentence_pairs("all-MiniLM-L6-v2", 42, 6)
    write_pairs("minilm-pairs", pairs, batches(anchors, positives, 20.0, 32))
    pairs, anchors, positives = sentence_pairs("tiny-bert-mean", 80, 34)
    write_pairs("tiny-pairs", pairs, batches(anchors, positives, 20.0, 32))


if __name__ == "__main__":
    main()

"""Reference figures for semblance's corpus statistics (SpaceAnalysis), computed with numpy
(float64) on vectors already committed as fixtures, so the Swift tests need no model:

- minilm-cosine.json: the 340 all-MiniLM-L6-v2 embeddings of reference/all-MiniLM-L6-v2
  (unit length), scored by cosine.
- tiny-euclidean.json: the 340 tiny-bert-mean embeddings (not unit length), scored by
  negative euclidean distance (sentence-transformers' convention), no normalisation.

Each holds: mean score over the distinct pairs, np.percentile at 1/5/25/50/75/95/99, the
same after centring (subtract the mean row, renormalise), the percent of pairs scoring
strictly below each probe score, hubness for k=10 (k-occurrence N_k, itself excluded, ties
to the lower index; population skewness as scipy.stats.skew(bias=True); antihubs; top
hubs) and the PCA explained-variance ratios of the first 10 components of the centred rows.

Run from the repository root: python3 Tests/Fixtures/generators/space_statistics.py
"""
import json
import pathlib

import numpy as np
import scipy.stats

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "reference" / "space-statistics"
PERCENTS = [1, 5, 25, 50, 75, 95, 99]


def load(name):
    rows = [json.loads(line)["embedding"] for line in (ROOT / "reference" / name / "embeddings.jsonl").open()]
    return np.asarray(rows, dtype=np.float32).astype(np.float64)


def unit(x):
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def scores_matrix(x, scoring):
    if scoring == "cosine":
        u = unit(x)
        return u @ u.T
    if scoring == "euclidean":
        diff = x[:, None, :] - x[None, :, :]
        return -np.sqrt((diff ** 2).sum(axis=2))
    raise ValueError(scoring)


def distribution(x, scoring, probes):
    s = scores_matrix(x, scoring)
    upper = s[np.triu_indices(len(x), k=1)]
    return {
        "mean": float(upper.mean()),
        "percentiles": {str(p): float(np.percentile(upper, p)) for p in PERCENTS},
        "percent_below": [float(100.0 * np.count_nonzero(upper < p) / upper.size) for p in probes],
    }


def hubness(x, scoring, k):
    s = scores_matrix(x, scoring)
    n = len(x)
    counts = np.zeros(n, dtype=np.int64)
    for i in range(n):
        order = sorted((j for j in range(n) if j != i), key=lambda j: (-s[i, j], j))
        for j in order[:k]:
            counts[j] += 1
    top = sorted(range(n), key=lambda i: (-counts[i], i))[:10]
    return {
        "k": k,
        "skewness": float(scipy.stats.skew(counts, bias=True)),
        "antihubs": int(np.count_nonzero(counts == 0)),
        "top_counts": [int(counts[i]) for i in top],
    }


def pca_ratios(x, scoring):
    rows = unit(x) if scoring == "cosine" else x
    centred = rows - rows.mean(axis=0)
    eigenvalues = np.linalg.eigvalsh(centred.T @ centred / len(rows))[::-1]
    return [float(v) for v in (np.clip(eigenvalues, 0, None) / np.clip(eigenvalues, 0, None).sum())[:10]]


def centred(x, scoring):
    rows = unit(x) if scoring == "cosine" else x
    return unit(rows - rows.mean(axis=0))


def figures(name, scoring, probes):
    x = load(name)
    s = scores_matrix(x, scoring)
    return {
        "source": f"reference/{name}/embeddings.jsonl",
        "scoring": scoring,
        "items": len(x),
        "dimension": x.shape[1],
        "scores": distribution(x, scoring, probes),
        "centred_scores": distribution(centred(x, scoring), scoring, probes),
        "probes": probes,
        # Scores of row 0 against rows 1..10, and their percent of pairs below: what search shows.
        "search_scores": [float(s[0, j]) for j in range(1, 11)],
        "search_percent_below": distribution(x, scoring, [float(s[0, j]) for j in range(1, 11)])["percent_below"],
        "hubness": hubness(x, scoring, 10),
        "pca_explained_variance_ratio": pca_ratios(x, scoring),
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    cosine_probes = [-0.2, -0.05, 0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99]
    (OUT / "minilm-cosine.json").write_text(json.dumps(figures("all-MiniLM-L6-v2", "cosine", cosine_probes), indent=1) + "\n")
    tiny = load("tiny-bert-mean")
    d = -np.sqrt(((tiny[:, None, :] - tiny[None, :, :]) ** 2).sum(axis=2))
    upper = d[np.triu_indices(len(tiny), k=1)]
    euclidean_probes = [float(np.percentile(upper, p)) for p in (0.5, 3, 10, 40, 60, 90, 97, 99.5)]
    (OUT / "tiny-euclidean.json").write_text(json.dumps(figures("tiny-bert-mean", "euclidean", euclidean_probes), indent=1) + "\n")


if __name__ == "__main__":
    main()

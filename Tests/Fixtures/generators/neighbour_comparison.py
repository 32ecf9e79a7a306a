"""Reference figures for NeighbourComparison (semblance compare, explore --against).

Writes Tests/Fixtures/reference/comparison/rank-comparisons.json: pairs of top-k lists of
item keys (A's and B's, best first) with the overlap (items in both), Spearman's rho of the
shared items' ranks (scipy.stats.spearmanr, null below 2 shared items) and each item's shift
(rank under A minus rank under B; null when the other list lacks it).

    python3 Tests/Fixtures/generators/neighbour_comparison.py
"""
import json
import os
import random

from scipy.stats import spearmanr

rng = random.Random(16)


def case(name, a, b):
    shared = [key for key in a if key in b]
    rank_a = {key: i + 1 for i, key in enumerate(a)}
    rank_b = {key: i + 1 for i, key in enumerate(b)}
    rho = None
    if len(shared) >= 2:
        rho = float(spearmanr([rank_a[k] for k in shared], [rank_b[k] for k in shared]).statistic)
    return {
        "name": name, "a": a, "b": b, "overlap": len(shared), "spearman": rho,
        "shift_a": [rank_a[k] - rank_b[k] if k in rank_b else None for k in a],
        "shift_b": [rank_a[k] - rank_b[k] if k in rank_a else None for k in b],
    }


cases = [
    case("identical", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]),
    case("reversed", [1, 2, 3, 4, 5], [5, 4, 3, 2, 1]),
    case("disjoint", [1, 2, 3], [4, 5, 6]),
    case("one shared", [1, 2, 3], [3, 7, 8]),
    case("hand-checked", [10, 20, 30, 40], [30, 10, 50, 20]),
]
for index in range(6):
    corpus = list(range(40))
    a = rng.sample(corpus, 10)
    # B keeps some of A's items in a shuffled order and adds new ones.
    kept = rng.sample(a, rng.randint(2, 9))
    others = rng.sample([x for x in corpus if x not in a], 10 - len(kept))
    b = kept + others
    rng.shuffle(b)
    cases.append(case(f"random {index}", a, b))

path = os.path.join(os.path.dirname(__file__), "..", "reference", "comparison", "rank-comparisons.json")
with open(path, "w") as out:
    json.dump(cases, out, indent=1)
    out.write("\n")

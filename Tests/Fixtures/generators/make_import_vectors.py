"""Vectors made elsewhere, for `semblance import`: all-MiniLM-L6-v2 as sentence-transformers runs it.

usage: python3 make_import_vectors.py [MODEL_DIR]   (default: the installed all-MiniLM-L6-v2)

Writes reference/import/:
  texts.txt              36 sentences, one per line
  minilm-f32.npy         numpy.save(model.encode(texts))            float32, C order, (36, 384)
  minilm-f16-fortran.npy the same as float16 in Fortran order        float16, F order, (36, 384)
  minilm.jsonl           {"text", "embedding"} for the first 12 texts (what `semblance encode`
                         prints), components with 9 significant digits (float32 round trips)
  shuffled-f32.npy       the f32 rows in another order: vectors not made from these texts
"""
import json, os, sys
import numpy as np
from sentence_transformers import SentenceTransformer

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(os.path.dirname(here), "reference", "import")
default = os.path.expanduser("~/.local/share/semblance/models/all-MiniLM-L6-v2")
model = SentenceTransformer(sys.argv[1] if len(sys.argv) > 1 else default, device="cpu")

subjects = ["The cat", "A violinist", "The committee", "My neighbour", "The old lighthouse", "A storm front",
            "The compiler", "Our train", "The bakery", "A glacier", "The orchestra", "This spreadsheet"]
predicates = ["slept through the whole afternoon.", "was delayed by two hours.", "changed everything we knew."]
texts = [f"{s} {p}" for i, s in enumerate(subjects) for j, p in enumerate(predicates)]
assert len(texts) == 36 and len(set(texts)) == 36

vectors = model.encode(texts, convert_to_numpy=True).astype(np.float32)
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "texts.txt"), "w", encoding="utf-8") as f:
    f.write("\n".join(texts) + "\n")
np.save(os.path.join(out, "minilm-f32.npy"), vectors)
np.save(os.path.join(out, "minilm-f16-fortran.npy"), np.asfortranarray(vectors.astype(np.float16)))
rng = np.random.default_rng(18)
np.save(os.path.join(out, "shuffled-f32.npy"), vectors[rng.permutation(len(texts))])
with open(os.path.join(out, "minilm.jsonl"), "w", encoding="utf-8") as f:
    for text, vector in zip(texts[:12], vectors[:12]):
        components = ", ".join(np.format_float_positional(x, precision=9, unique=False, fractional=False, trim="-") for x in vector)
        f.write('{"text": ' + json.dumps(text) + ', "embedding": [' + components + ']}\n')
assert np.load(os.path.join(out, "minilm-f16-fortran.npy")).flags["F_CONTIGUOUS"]

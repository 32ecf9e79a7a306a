#!/usr/bin/env python3
"""STS Spearman (× 100) of a model run by ONNX Runtime in float32 and after onnxruntime's
`quantize_dynamic` (QInt8 weights, per-channel), and the cosine of each int8 sentence vector
to its float32 one: the reference for `semblance eval sts --quantize int8`.

    python3 benchmarks/ort_int8_sts.py [--model DIR] [--input Tests/Fixtures/data/stsb-en-dev.csv]

The model is exported as benchmarks/python_bench.py exports it (same graph, transformer-fused
when the optimizer manages), then quantized the same way; sentences are tokenized by the
tokenizers library, mean-pooled over real tokens and normalized (the sentence-transformers
pipeline of the models measured: BERT/MPNet + mean pooling + Normalize); no prompt.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import python_bench  # noqa: E402  (the export and quantization are shared with the benchmark)


def read_pairs(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return [(row[0], row[1], float(row[2])) for row in csv.reader(handle) if len(row) >= 3]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=os.environ.get("SEMBLANCE_MODEL") or python_bench.DEFAULT_MODEL)
    parser.add_argument("--input", default=os.path.join(HERE, "..", "Tests", "Fixtures", "data", "stsb-en-dev.csv"))
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    import numpy as np
    import onnxruntime as ort
    from scipy.stats import spearmanr
    from tokenizers import Tokenizer

    pairs = read_pairs(args.input)
    sentences = sorted({s for a, b, _ in pairs for s in (a, b)})
    index = {s: i for i, s in enumerate(sentences)}
    tokenizer = Tokenizer.from_file(os.path.join(args.model, "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(python_bench.declared_max_length(args.model) or 512)
    ids = [e.ids for e in tokenizer.encode_batch(sentences)]

    def encode(session):
        vectors = []
        for start in range(0, len(ids), 32):
            batch = ids[start:start + 32]
            width = max(map(len, batch))
            input_ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, sequence in enumerate(batch):
                input_ids[row, :len(sequence)] = sequence
                mask[row, :len(sequence)] = 1
            (states,) = session.run(None, {"input_ids": input_ids, "attention_mask": mask})
            pooled = (states * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
            vectors.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        return np.concatenate(vectors)

    with tempfile.TemporaryDirectory(prefix="semblance-ort-int8-") as directory:
        script = [sys.executable, os.path.join(HERE, "python_bench.py"), "--model", args.model]
        exported = json.loads(subprocess.run(script + ["--export-onnx", directory], check=True, stdout=subprocess.PIPE,
                                             text=True).stdout.strip().splitlines()[-1])
        quantized = python_bench.quantize_int8(exported["path"], os.path.join(directory, "model-int8.onnx"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = args.threads
        results = {}
        for name, path in (("float32", exported["path"]), ("int8", quantized)):
            results[name] = encode(ort.InferenceSession(path, options, providers=["CPUExecutionProvider"]))
    gold = [score for _, _, score in pairs]
    name = os.path.basename(os.path.normpath(args.model))
    for precision, vectors in results.items():
        cosines = [float(vectors[index[a]] @ vectors[index[b]]) for a, b, _ in pairs]
        print(f"{name} ONNX Runtime {ort.__version__} {precision}: STS Spearman {spearmanr(cosines, gold)[0] * 100:.2f} "
              f"({len(pairs)} pairs of {os.path.basename(args.input)})")
    agreement = (results["float32"] * results["int8"]).sum(1)
    print(f"{name} ONNX Runtime int8 vs float32 sentence vectors: lowest cosine {agreement.min():.5f}, "
          f"mean {agreement.mean():.5f} over {len(sentences)} sentences")


if __name__ == "__main__":
    main()

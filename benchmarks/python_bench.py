#!/usr/bin/env python3
"""The workload of `semblance bench`, run with PyTorch (sentence-transformers) and ONNX Runtime.

Same items, batch size, thread count, passes and single-item selection as the Swift
command, and the same report lines, so that the two can be read side by side:

    python3 benchmarks/python_bench.py [--model DIR | --synthetic minilm|bert-base]
        [--input FILE] [--batch-size 32] [--threads N] [--runs 5] [--singles 200]
        [--backend torch|onnx|onnx-int8|both|all]

Needs torch, sentence-transformers, transformers, tokenizers and onnxruntime. Each backend runs in
its own process, so that its load time, threads and peak RSS are its own; the ONNX
Runtime process does not import torch: the model is exported (torch.onnx.export, then
fused by onnxruntime's transformer optimizer when it can be) in a process of its own
first. Both backends encode length-sorted batches padded to their longest item, as
sentence-transformers does; the texts are tokenized, run, mean-pooled and normalized.
onnx-int8 is the same exported graph quantized by onnxruntime's `quantize_dynamic` (QInt8
weights, per-channel; MatMul only, as ONNX Runtime's own recipe for transformers), the
counterpart of `semblance bench --quantize int8`; `all` runs torch, onnx and onnx-int8.
Any model directory sentence-transformers loads works (BERT, MPNet, RoBERTa, XLM-R,
DistilBERT): the ONNX side always mean-pools and applies no prompt, whatever the model
says, since pooling costs nothing beside the encoder; the PyTorch side is `encode` itself.
"""

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BUILT_IN_SENTENCES = os.path.join(HERE, "..", "Sources", "Benchmarks", "BuiltInSentences.swift")
DEFAULT_MODEL = os.path.join(
    os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "semblance", "models", "all-MiniLM-L6-v2")
SINGLE_LENGTHS = range(10, 21)
# hidden, layers, heads, intermediate, sequences per pass, name (as SyntheticShape.swift)
SHAPES = {
    "minilm": (384, 6, 12, 1536, 960, "synthetic all-MiniLM-L6-v2 shape"),
    "bert-base": (768, 12, 12, 3072, 320, "synthetic bert-base shape"),
}
VOCABULARY = 30522
MASK64 = (1 << 64) - 1


# ---------------------------------------------------------------- workload

def read_texts(path):
    """The texts `semblance bench --input` reads (BenchTexts.swift), and their origin."""
    if path is None:
        with open(BUILT_IN_SENTENCES, encoding="utf-8") as swift:
            texts = [json.loads(match) for match in re.findall(r'^\s*("(?:[^"\\]|\\.)*"),\s*$', swift.read(), re.M)]
        return texts, "the built-in sentences"
    name = os.path.basename(path)
    if path.lower().endswith(".csv"):
        seen, texts = set(), []
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for sentence in row[:2]:
                    if sentence not in seen:
                        seen.add(sentence)
                        texts.append(sentence)
        return texts, f"the distinct sentences of {name}"
    with open(path, encoding="utf-8") as handle:
        texts = [line.rstrip("\r\n") for line in handle]
    return [t for t in texts if t], f"the lines of {name}"


def splitmix64(seed):
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        yield z ^ (z >> 31)


def synthetic_sequences(count, vocabulary=VOCABULARY):
    """SyntheticShape.sequences: the same generator, so the same lengths and ids."""
    draws = splitmix64(42)
    first = min(1000, vocabulary - 1)
    span = max(1, vocabulary - first)
    sequences = []
    for _ in range(count):
        draw = next(draws)
        length = 6 + draw % 12 + (draw >> 32) % 12
        sequences.append([101] + [first + next(draws) % span for _ in range(length - 2)] + [102])
    return sequences


def single_indices(lengths, count):
    """BenchMeasurement: items of 10–20 tokens, in order, repeated to `count`."""
    candidates = [i for i, n in enumerate(lengths) if n in SINGLE_LENGTHS] or list(range(len(lengths)))
    return [candidates[i % len(candidates)] for i in range(count)] if candidates else []


# ---------------------------------------------------------------- statistics and report

def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values, fraction):
    """Nearest rank, as TimingStatistics.percentile."""
    ordered = sorted(values)
    rank = int(-(-round(fraction * len(ordered), 9) // 1))
    return ordered[min(max(rank, 1), len(ordered)) - 1]


def peak_rss_bytes():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def matmul_gflops(m, k, n, matmul, rand):
    """GFLOP/s of [m × k] · [k × n] in float32, median of five timings of ~0.1 s."""
    a, b = rand(m, k), rand(n, k)
    matmul(a, b)
    rates = []
    for _ in range(5):
        repetitions, start = 0, time.perf_counter()
        while time.perf_counter() - start < 0.1:
            matmul(a, b)
            repetitions += 1
        rates.append(2 * m * k * n * repetitions / (time.perf_counter() - start) / 1e9)
    return median(rates)


def report(r):
    hidden, layers, heads, intermediate = r["shape"]
    lengths, threads = r["lengths"], r["threads"]
    tokens = sum(lengths)
    linear = 2 * (4 * hidden * hidden + 2 * hidden * intermediate) * layers
    total = sum(n * linear + 4 * n * n * hidden * layers for n in lengths)  # EncoderFlops.swift
    passed = median(r["batch_seconds"])
    effective = total / passed / 1e9
    plural = "" if threads == 1 else "s"
    (batch_rows, batch_rate), (single_rows, single_rate) = r["sgemm"]
    lines = [
        f"[{r['backend']}]",
        f"model:        {r['name']} (hidden {hidden}, {layers} layers, {heads} heads, intermediate {intermediate}), {threads} thread{plural}",
        f"workload:     {r['workload']}: {tokens:,} real tokens, {tokens / len(lengths):.1f} per item",
        f"load:         {r['load_seconds'] * 1000:.1f} ms",
    ]
    if r["tokenize_seconds"] is not None:
        lines.append(f"tokenize:     {r['tokenize_seconds'] * 1000:.1f} ms for all items ({int(tokens / r['tokenize_seconds']):,} tokens/s), included in the batch figures")
    lines += [
        f"sgemm:        {batch_rate:.1f} GFLOP/s at {batch_rows}×{hidden}×{intermediate}, {single_rate:.1f} at {single_rows}×{hidden}×{intermediate} ({r['matmul']}, {threads} thread{plural})",
        f"batch:        {int(tokens / passed):,} tokens/s, {len(lengths) / passed:.1f} items/s (batches of {r['batch_size']}; median of {len(r['batch_seconds'])} passes: {passed:.3f} s, range {min(r['batch_seconds']):.3f}–{max(r['batch_seconds']):.3f} s)",
        f"effective:    {effective:.1f} GFLOP/s = {effective / batch_rate:.2f} × sgemm ({total / tokens / 1e6:.2f} MFLOP per token: linear {linear / 1e6:.2f}, attention {(total / tokens - linear) / 1e6:.2f})",
    ]
    singles = r["single_seconds"]
    if singles:
        lines.append(f"single:       p50 {percentile(singles, 0.5) * 1000:.2f} ms, p90 {percentile(singles, 0.9) * 1000:.2f} ms ({len(singles)} encodes of one item, {r['single_tokens'] / len(singles):.1f} tokens on average)")
    else:
        lines.append("single:       no items to time alone")
    peak, weights = peak_rss_bytes(), f"weights {r['weight_bytes'] / 1048576:.1f} MiB"
    lines.append(f"peak RSS:     {peak / 1048576:.1f} MiB ({weights}; VmHWM)" if peak else f"peak RSS:     unavailable ({weights})")
    print("\n".join(lines), flush=True)


# ---------------------------------------------------------------- models

def synthetic_bert(shape):
    """A transformers BertModel of `shape` with its random initial weights."""
    import torch
    from transformers import BertConfig, BertModel
    hidden, layers, heads, intermediate = SHAPES[shape][:4]
    torch.manual_seed(0)
    config = BertConfig(hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads,
                        intermediate_size=intermediate, vocab_size=VOCABULARY)
    return BertModel(config, add_pooling_layer=False).eval()


def export_onnx(args, directory):
    """Exports the model (input_ids, attention_mask → last_hidden_state; dynamic batch and
    length) into `directory`, fused by onnxruntime's transformer optimizer unless asked not
    to or unavailable. Prints {"path", "weight_bytes", "fused"} as JSON."""
    import torch
    if args.synthetic:
        bert = synthetic_bert(args.synthetic)
    else:
        from sentence_transformers import SentenceTransformer
        bert = SentenceTransformer(args.model, device="cpu")[0].auto_model.eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    path = os.path.join(directory, "model.onnx")
    example = torch.ones(2, 8, dtype=torch.long)
    torch.onnx.export(
        LastHiddenState(bert).eval(), (example, example), path, input_names=["input_ids", "attention_mask"],
        output_names=["last_hidden_state"], opset_version=17, dynamo=False,
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                      "last_hidden_state": {0: "batch", 1: "tokens"}})
    fused = False
    if not args.no_onnx_fusion:
        try:
            from onnxruntime.transformers import optimizer
            config = bert.config.to_dict()
            hidden, _, heads, _ = encoder_shape(config)
            optimized = optimizer.optimize_model(path, model_type=optimizer_model_type(config), num_heads=heads,
                                                 hidden_size=hidden)
            path = os.path.join(directory, "model-fused.onnx")
            optimized.save_model_to_file(path)
            fused = True
        except Exception as error:  # the plain graph still runs; say so
            print(f"note: onnxruntime's transformer optimizer failed ({error}); running the plain graph", file=sys.stderr)
    if args.quantize_export:
        path = quantize_int8(path, os.path.join(directory, "model-int8.onnx"))
    weight_bytes = sum(p.numel() * p.element_size() for p in bert.parameters())
    print(json.dumps({"path": path, "weight_bytes": weight_bytes, "fused": fused, "int8": bool(args.quantize_export)}))


def quantize_int8(source, destination):
    """ONNX Runtime's dynamic quantization of `source`: int8 weights with one scale per output
    channel, activations quantized per call (QInt8, per_channel=True). Returns `destination`."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    # The fused graph's contrib operators defeat shape inference: their outputs are float.
    quantize_dynamic(source, destination, weight_type=QuantType.QInt8, per_channel=True,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    return destination


# ---------------------------------------------------------------- backends

def encoder_shape(config):
    """(hidden, layers, heads, intermediate) of a transformers config dict, whatever its family:
    DistilBERT names them dim, n_layers, n_heads, hidden_dim; BERT, RoBERTa, XLM-R and MPNet as BERT."""
    if config.get("model_type") == "distilbert":
        return config["dim"], config["n_layers"], config["n_heads"], config["hidden_dim"]
    return config["hidden_size"], config["num_hidden_layers"], config["num_attention_heads"], config["intermediate_size"]


def optimizer_model_type(config):
    """onnxruntime's transformer optimizer knows BERT-like graphs; MPNet's relative position
    bias is tried as "bert" too and runs unfused when the fusion fails (the report says so)."""
    return {"distilbert": "bert", "roberta": "bert", "xlm-roberta": "bert"}.get(config.get("model_type"), "bert")


def declared_max_length(model):
    """max_seq_length as sentence-transformers reads it: sentence_bert_config.json's
    max_seq_length (legacy layout), else tokenizer_config.json's model_max_length (v6 layout)."""
    for name, key in (("sentence_bert_config.json", "max_seq_length"), ("tokenizer_config.json", "model_max_length")):
        path = os.path.join(model, name)
        if os.path.exists(path):
            with open(path) as handle:
                value = json.load(handle).get(key)
            if isinstance(value, int) and 0 < value < 1_000_000:
                return value
    return None


def run_backend(args, onnx_export=None):
    """Measures one backend in this process and prints its report."""
    import numpy as np

    def padded(id_lists):
        longest = max(len(ids) for ids in id_lists)
        ids = np.zeros((len(id_lists), longest), dtype=np.int64)
        mask = np.zeros((len(id_lists), longest), dtype=np.int64)
        for row, sequence in enumerate(id_lists):
            ids[row, :len(sequence)] = sequence
            mask[row, :len(sequence)] = 1
        return ids, mask

    def mean_pooled(states, mask):
        weights = mask[:, :, None].astype(np.float32)
        pooled = (states * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    texts = sequences = None
    if args.synthetic:
        hidden, layers, heads, intermediate, count, name = SHAPES[args.synthetic]
        sequences = synthetic_sequences(count)
        workload = f"{count} random token sequences of 6–28 tokens"
    else:
        texts, origin = read_texts(args.input)
        workload = f"{len(texts)} texts ({origin})"
        name = os.path.basename(os.path.normpath(args.model))

    if args.backend == "torch":
        import torch
        torch.set_num_threads(args.threads)
        torch.set_num_interop_threads(1)
        start = time.perf_counter()
        if args.synthetic:
            bert = synthetic_bert(args.synthetic)
        else:
            from sentence_transformers import SentenceTransformer
            sentence_model = SentenceTransformer(args.model, device="cpu")
            bert = sentence_model[0].auto_model.eval()
            tokenizer, max_length = sentence_model.tokenizer, sentence_model.max_seq_length
        load_seconds = time.perf_counter() - start
        hidden, layers, heads, intermediate = encoder_shape(bert.config.to_dict())
        weight_bytes = sum(p.numel() * p.element_size() for p in bert.parameters())
        backend = f"PyTorch {torch.__version__}, sentence-transformers" if texts else f"PyTorch {torch.__version__}"
        matmul = ("torch.matmul", lambda a, b: torch.matmul(a, b.t()), lambda m, n: torch.rand(m, n) - 0.5)

        def run_ids(id_lists):
            ids, mask = padded(id_lists)
            with torch.inference_mode():
                states = bert(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).last_hidden_state
            return mean_pooled(states.numpy(), mask)

        def run_texts(batch_texts):
            # sentence-transformers end to end, as users call it (it length-sorts and batches itself).
            return sentence_model.encode(batch_texts, batch_size=args.batch_size, convert_to_numpy=True)
    else:
        import onnxruntime as ort
        options = ort.SessionOptions()
        options.intra_op_num_threads = args.threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        start = time.perf_counter()
        session = ort.InferenceSession(onnx_export["path"], options, providers=["CPUExecutionProvider"])
        if texts is not None:
            # The tokenizers library alone: transformers would import torch into this process.
            from tokenizers import Tokenizer
            fast = Tokenizer.from_file(os.path.join(args.model, "tokenizer.json"))
            max_length = declared_max_length(args.model) or 512
            fast.no_padding()
            fast.enable_truncation(max_length)
        load_seconds = time.perf_counter() - start
        if args.synthetic:
            hidden, layers, heads, intermediate = SHAPES[args.synthetic][:4]
        else:
            with open(os.path.join(args.model, "config.json")) as handle:
                config = json.load(handle)
            hidden, layers, heads, intermediate = encoder_shape(config)
        weight_bytes = onnx_export["weight_bytes"]
        backend = f"ONNX Runtime {ort.__version__}" + (", transformer-fused graph" if onnx_export["fused"] else "")
        if onnx_export.get("int8"):
            backend += ", quantize_dynamic QInt8 per-channel"
        matmul = ("numpy.matmul", lambda a, b: a @ b.T,
                  lambda m, n: np.random.default_rng(0).random((m, n), dtype=np.float32) - 0.5)

        def run_ids(id_lists):
            ids, mask = padded(id_lists)
            (states,) = session.run(None, {"input_ids": ids, "attention_mask": mask})
            return mean_pooled(states, mask)

        def tokenizer(batch_texts, **_):
            return {"input_ids": [encoding.ids for encoding in fast.encode_batch(batch_texts)]}

        def run_texts(batch_texts):
            ids, mask = padded(tokenizer(batch_texts)["input_ids"])
            (states,) = session.run(None, {"input_ids": ids, "attention_mask": mask})
            return mean_pooled(states, mask)

    tokenize_seconds = None
    if texts is not None:
        start = time.perf_counter()
        lengths = [len(ids) for ids in tokenizer(texts, truncation=True, max_length=max_length)["input_ids"]]
        tokenize_seconds = time.perf_counter() - start
    else:
        lengths = [len(s) for s in sequences]

    tokens = sum(lengths)
    batch_rows = max(16, round(tokens / len(lengths) * min(args.batch_size, len(lengths))))
    label, multiply, rand = matmul
    sgemm = ((batch_rows, matmul_gflops(batch_rows, hidden, intermediate, multiply, rand)),
             (16, matmul_gflops(16, hidden, intermediate, multiply, rand)))

    def encode_batch(indices):
        if texts is not None:
            run_texts([texts[i] for i in indices])
        else:
            run_ids([sequences[i] for i in indices])

    if args.backend == "torch" and texts is not None:
        def encode_pass():
            run_texts(texts)
    else:
        # Length-sorted batches, padded to their longest item, as sentence-transformers does.
        order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
        sorted_batches = [order[i:i + args.batch_size] for i in range(0, len(order), args.batch_size)]

        def encode_pass():
            for batch in sorted_batches:
                encode_batch(batch)

    encode_batch(list(range(min(args.batch_size, len(lengths)))))  # warm-up, as the Swift side: one batch
    batch_seconds = []
    for _ in range(args.runs):
        start = time.perf_counter()
        encode_pass()
        batch_seconds.append(time.perf_counter() - start)
    singles = single_indices(lengths, args.singles)
    single_seconds = []
    for index in singles:
        start = time.perf_counter()
        encode_batch([index])
        single_seconds.append(time.perf_counter() - start)

    report({
        "backend": backend, "name": name, "shape": (hidden, layers, heads, intermediate), "threads": args.threads,
        "workload": workload, "lengths": lengths, "load_seconds": load_seconds, "tokenize_seconds": tokenize_seconds,
        "sgemm": sgemm, "matmul": label, "batch_seconds": batch_seconds, "batch_size": args.batch_size,
        "single_seconds": single_seconds, "single_tokens": sum(lengths[i] for i in singles),
        "weight_bytes": weight_bytes,
    })


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--model", help="sentence-transformers model directory (default: the installed all-MiniLM-L6-v2)")
    source.add_argument("--synthetic", choices=sorted(SHAPES), help="random weights of a model shape, random token ids")
    parser.add_argument("--input", help="texts: an STS CSV (its distinct sentences) or one text per line")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--singles", type=int, default=200)
    parser.add_argument("--backend", choices=["torch", "onnx", "onnx-int8", "both", "all"], default="both")
    parser.add_argument("--no-onnx-fusion", action="store_true", help="run the exported graph as it is")
    parser.add_argument("--export-onnx", metavar="DIR", help=argparse.SUPPRESS)  # internal: the export step
    parser.add_argument("--onnx-export", metavar="JSON", help=argparse.SUPPRESS)  # internal: its result
    parser.add_argument("--quantize-export", action="store_true", help=argparse.SUPPRESS)  # internal: int8 export
    args = parser.parse_args()
    if args.synthetic and args.input:
        parser.error("--input needs a model: --synthetic encodes random token ids")
    if min(args.batch_size, args.threads, args.runs) < 1 or args.singles < 0:
        parser.error("--batch-size, --threads and --runs must be at least 1, --singles at least 0")
    if not args.synthetic and not args.model:
        args.model = os.environ.get("SEMBLANCE_MODEL") or DEFAULT_MODEL

    if args.export_onnx:
        export_onnx(args, args.export_onnx)
        return
    common = ["--batch-size", str(args.batch_size), "--threads", str(args.threads), "--runs", str(args.runs),
              "--singles", str(args.singles)]
    common += ["--synthetic", args.synthetic] if args.synthetic else ["--model", args.model]
    common += ["--input", args.input] if args.input else []
    common += ["--no-onnx-fusion"] if args.no_onnx_fusion else []
    script = [sys.executable, os.path.abspath(__file__)]
    # Thread pools of numpy's BLAS and OpenMP follow the requested count.
    environment = dict(os.environ, OMP_NUM_THREADS=str(args.threads), OPENBLAS_NUM_THREADS=str(args.threads),
                       MKL_NUM_THREADS=str(args.threads), TOKENIZERS_PARALLELISM="false")
    if args.backend in ("torch", "both", "all") and not args.onnx_export:
        if args.backend in ("both", "all") or os.environ.get("SEMBLANCE_BENCH_CHILD") != "1":
            subprocess.run(script + ["--backend", "torch"] + common, check=True,
                           env=dict(environment, SEMBLANCE_BENCH_CHILD="1"))
        else:
            run_backend(args)
    if args.onnx_export:
        run_backend(args, json.loads(args.onnx_export))
        return
    variants = {"onnx": [False], "both": [False], "onnx-int8": [True], "all": [False, True]}.get(args.backend, [])
    for int8 in variants:
        with tempfile.TemporaryDirectory(prefix="semblance-onnx-") as directory:
            export = script + ["--export-onnx", directory] + common + (["--quantize-export"] if int8 else [])
            exported = subprocess.run(export, check=True, env=environment,
                                      stdout=subprocess.PIPE, text=True).stdout.strip().splitlines()[-1]
            subprocess.run(script + ["--backend", "onnx", "--onnx-export", exported] + common, check=True,
                           env=dict(environment, SEMBLANCE_BENCH_CHILD="1"))


if __name__ == "__main__":
    main()

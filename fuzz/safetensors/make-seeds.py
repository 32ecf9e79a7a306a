#!/usr/bin/env python3
"""Writes the seed corpus of the safetensors fuzz target (standard library only).

Seeds hold the weights of the tiny BERT the entry point builds (hidden 4, 1 layer,
2 heads, intermediate 8, 8 positions, vocabulary 8) in several dtypes and layouts, plus
small files with every kind of header entry.
"""
import json, math, os, random, struct, sys

HIDDEN, INTERMEDIATE, POSITIONS, VOCAB, TYPES = 4, 8, 8, 8, 2


def bert_shapes(prefix=""):
    shapes = {
        "embeddings.word_embeddings.weight": [VOCAB, HIDDEN],
        "embeddings.position_embeddings.weight": [POSITIONS, HIDDEN],
        "embeddings.token_type_embeddings.weight": [TYPES, HIDDEN],
        "embeddings.LayerNorm.weight": [HIDDEN],
        "embeddings.LayerNorm.bias": [HIDDEN],
    }
    layer = "encoder.layer.0."
    for name in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"]:
        shapes[layer + name + ".weight"] = [HIDDEN, HIDDEN]
        shapes[layer + name + ".bias"] = [HIDDEN]
    shapes[layer + "intermediate.dense.weight"] = [INTERMEDIATE, HIDDEN]
    shapes[layer + "intermediate.dense.bias"] = [INTERMEDIATE]
    shapes[layer + "output.dense.weight"] = [HIDDEN, INTERMEDIATE]
    shapes[layer + "output.dense.bias"] = [HIDDEN]
    for norm in ["attention.output.LayerNorm", "output.LayerNorm"]:
        shapes[layer + norm + ".weight"] = [HIDDEN]
        shapes[layer + norm + ".bias"] = [HIDDEN]
    return {prefix + name: shape for name, shape in shapes.items()}


def encode(values, dtype):
    if dtype == "F32":
        return b"".join(struct.pack("<f", v) for v in values)
    if dtype == "F16":
        return b"".join(struct.pack("<e", v) for v in values)
    if dtype == "BF16":
        return b"".join(struct.pack("<f", v)[2:] for v in values)
    if dtype == "I64":
        return b"".join(struct.pack("<q", int(v)) for v in values)
    if dtype == "U8":
        return bytes(int(v) & 0xFF for v in values)
    raise ValueError(dtype)


def safetensors(tensors, metadata=None, align=8):
    """tensors: list of (name, dtype, shape, values)."""
    header, blobs, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, dtype, shape, values in tensors:
        blob = encode(values, dtype)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % align)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def bert(dtype, prefix="", poison=None):
    rng = random.Random(7)
    tensors = []
    for name, shape in bert_shapes(prefix).items():
        count = math.prod(shape)
        values = [1.0 if name.endswith("LayerNorm.weight") else round(rng.uniform(-0.5, 0.5), 3) for _ in range(count)]
        if poison and name.endswith(poison[0]):
            values[0] = poison[1]
        tensors.append((name, dtype, shape, values))
    return safetensors(tensors, metadata={"format": "pt"})


def main(directory):
    os.makedirs(directory, exist_ok=True)
    seeds = {
        "bert-f32": bert("F32"),
        "bert-f16": bert("F16"),
        "bert-bf16-prefixed": bert("BF16", prefix="bert."),
        "bert-nan-weight": bert("F32", poison=("query.weight", float("nan"))),
        "bert-inf-bias": bert("F32", poison=("output.dense.bias", float("inf"))),
        "empty-header": safetensors([]),
        "kinds": safetensors([
            ("scalar", "F32", [], [1.5]),
            ("empty", "F32", [0, 4], []),
            ("ids", "I64", [1, 3], [0, 1, 2]),
            ("mask", "U8", [3], [1, 1, 0]),
            ("half", "F16", [2], [0.5, -2.0]),
        ], metadata={"format": "pt", "note": "kinds"}),
        "unaligned-f32": safetensors([("bytes", "U8", [3], [1, 2, 3]), ("after", "F32", [2], [1.0, 2.0])], align=1),
    }
    for name, data in seeds.items():
        with open(os.path.join(directory, name + ".safetensors"), "wb") as handle:
            handle.write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus"))

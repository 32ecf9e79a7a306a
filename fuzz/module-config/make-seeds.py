#!/usr/bin/env python3
"""Seeds for the module-config fuzz target, and its vocab.txt (standard library only).

A seed is five files joined by the byte 0x1E: modules.json, 1_Pooling/config.json,
2_Dense/config.json, config_sentence_transformers.json, 2_Dense/model.safetensors (last:
binary). The Transformer around them is tiny-bert-mean's (hidden 32); vocab.txt is the first
2,100 entries of its vocabulary, so each load stays fast.
Run from this folder: python3 make-seeds.py
"""
import json
import os
import random
import struct

FIXTURE = "../../Tests/Fixtures/models/tiny-bert-mean"
HIDDEN = 32
TRANSFORMER = {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}
POOLING = {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}
DENSE = {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"}
NORMALIZE = {"idx": 3, "name": "3", "path": "3_Normalize", "type": "sentence_transformers.models.Normalize"}


def safetensors(tensors, dtype="F32"):
    """tensors: {name: (shape, values)}."""
    header, data = {}, b""
    for name, (shape, values) in tensors.items():
        raw = b"".join(struct.pack("<e" if dtype == "F16" else "<f", v) for v in values)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def dense_weights(rng, in_features, out_features, bias=True, residual=False, dtype="F32", shape=None):
    tensors = {"linear.weight": (shape or [out_features, in_features],
                                 [rng.uniform(-0.5, 0.5) for _ in range(out_features * in_features)])}
    if bias:
        tensors["linear.bias"] = ([out_features], [rng.uniform(-0.1, 0.1) for _ in range(out_features)])
    if residual:
        tensors["residual.weight"] = ([out_features, in_features], [rng.uniform(-0.1, 0.1) for _ in range(out_features * in_features)])
    return safetensors(tensors, dtype)


def dense_config(in_features, out_features, activation="torch.nn.modules.activation.Tanh", **extra):
    return {"in_features": in_features, "out_features": out_features, "bias": True, "activation_function": activation, **extra}


def prompts(**config):
    return {"prompts": {"query": "query: ", "document": "passage: "}, "default_prompt_name": None, **config}


def seed(name, modules, pooling, dense=None, st_config=None, weights=b""):
    parts = [json.dumps(modules, indent=1).encode(), json.dumps(pooling, indent=1).encode(),
             json.dumps(dense, indent=1).encode() if dense is not None else b"",
             json.dumps(st_config, indent=1).encode() if st_config is not None else b"", weights]
    with open(f"corpus/{name}", "wb") as f:
        f.write(b"\x1e".join(parts))


vocabulary = json.load(open(f"{FIXTURE}/tokenizer.json"))["model"]["vocab"]
words = sorted(vocabulary, key=vocabulary.get)[:2100]
with open("vocab.txt", "w") as f:
    f.write("".join(word + "\n" for word in words))

rng = random.Random(14)
os.makedirs("corpus", exist_ok=True)
mean = {"embedding_dimension": HIDDEN, "pooling_mode": "mean", "include_prompt": True}
seed("plain", [TRANSFORMER, POOLING], mean)
seed("prompts-default", [TRANSFORMER, POOLING, NORMALIZE], {**mean, "include_prompt": False},
     st_config=prompts(default_prompt_name="query", similarity_fn_name="dot"))
for index, mode in enumerate(["cls", "max", "mean_sqrt_len_tokens", "weightedmean", "lasttoken", ["cls", "mean"]]):
    seed(f"pooling-{index}", [TRANSFORMER, POOLING], {"pooling_mode": mode},
         st_config=prompts(similarity_fn_name=["cosine", "dot", "euclidean", "manhattan"][index % 4]))
seed("pooling-legacy", [TRANSFORMER, POOLING], {"word_embedding_dimension": HIDDEN, "pooling_mode_cls_token": True,
                                                "pooling_mode_max_tokens": True})
seed("dense-tanh", [TRANSFORMER, POOLING, DENSE, NORMALIZE], mean, dense_config(HIDDEN, 16),
     prompts(default_prompt_name="document"), dense_weights(rng, HIDDEN, 16))
seed("dense-identity-nobias", [TRANSFORMER, POOLING, DENSE], mean,
     dense_config(HIDDEN, 8, "torch.nn.modules.linear.Identity", bias=False), prompts(similarity_fn_name="euclidean"),
     dense_weights(rng, HIDDEN, 8, bias=False))
seed("dense-residual", [TRANSFORMER, POOLING, DENSE], {"pooling_mode": ["cls", "mean"]},
     dense_config(2 * HIDDEN, 16, "torch.nn.ReLU", use_residual=True), prompts(similarity_fn_name="manhattan"),
     dense_weights(rng, 2 * HIDDEN, 16, residual=True))
seed("dense-twice", [TRANSFORMER, POOLING, DENSE, DENSE, NORMALIZE], mean,
     dense_config(HIDDEN, HIDDEN, "torch.nn.GELU", use_residual=True), None, dense_weights(rng, HIDDEN, HIDDEN))
seed("dense-f16", [TRANSFORMER, POOLING, DENSE], mean, dense_config(HIDDEN, 4, "torch.nn.modules.activation.Sigmoid"),
     prompts(), dense_weights(rng, HIDDEN, 4, dtype="F16"))
seed("dense-wrong-shape", [TRANSFORMER, POOLING, DENSE], mean, dense_config(HIDDEN, 16), None,
     dense_weights(rng, HIDDEN, 16, shape=[HIDDEN, 16]))
seed("dense-wrong-in", [TRANSFORMER, POOLING, DENSE], mean, dense_config(16, 16), None, dense_weights(rng, 16, 16))
seed("dense-truncated", [TRANSFORMER, POOLING, DENSE], mean, dense_config(HIDDEN, 16), None,
     dense_weights(rng, HIDDEN, 16)[:300])
seed("prompt-unknown-default", [TRANSFORMER, POOLING], mean, None, prompts(default_prompt_name="passage"))

#!/usr/bin/env python3
"""Layer-walk references: pooled cosines of transformers' hidden states, layer by layer.

    python3 Tests/Fixtures/generators/layer_walk_reference.py [MINILM_DIR]

For a few sentence pairs and each model, runs the sentence-transformers model's underlying
transformers model with `output_hidden_states=True` (hidden_states[0] is the embedding layer's
output, [k] the output of encoder layer k), pools every layer's states with the model's pooling
(mean over the attention mask, or the first token for CLS), and writes per layer the cosine of
the two pooled vectors and their norms; plus, at the middle layer, each token's share of that
cosine ((state_i / n) . v / (|u| |v|) for mean pooling, which sums to the cosine).
Writes Tests/Fixtures/reference/layers/<model>.json. Models: the tiny fixtures tiny-bert-mean
(BERT), tiny-mpnet (MPNet), tiny-roberta-bpe (RoBERTa, CLS pooling) and all-MiniLM-L6-v2
(default: ~/.local/share/semblance/models/all-MiniLM-L6-v2).
Made with sentence-transformers 6.2.0, transformers 5.24.0, torch 2.15 (CPU).
"""
import json
import os
import sys

import numpy as np
import torch
from sentence_transformers import SentenceTransformer

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "models")
OUT = os.path.join(HERE, "..", "reference", "layers")

PAIRS = [
    ("She plays the guitar.", "He owns a musical instrument."),
    ("A man is slicing a vegetable.", "A person is chopping an herb."),
    ("The stock market fell sharply.", "Two dogs run on the beach."),
]


def pooled_layers(model, text):
    transformer = model[0]
    pooling_mode = model[1].pooling_mode
    features = transformer.tokenizer(text, return_tensors="pt", truncation=True, max_length=model.max_seq_length)
    with torch.no_grad():
        output = transformer.auto_model(**features, output_hidden_states=True)
    mask = features["attention_mask"][0].double()
    states = [h[0].double().numpy() for h in output.hidden_states]
    tokens = transformer.tokenizer.convert_ids_to_tokens(features["input_ids"][0])
    if pooling_mode == "mean":
        pooled = [(s * mask.numpy()[:, None]).sum(0) / mask.sum().item() for s in states]
    elif pooling_mode == "cls":
        pooled = [s[0] for s in states]
    else:
        raise SystemExit("pooling %s not covered" % pooling_mode)
    return pooling_mode, tokens, states, pooled


def walk(model, a, b):
    mode, tokens_a, states_a, pooled_a = pooled_layers(model, a)
    _, tokens_b, states_b, pooled_b = pooled_layers(model, b)
    layers = []
    for layer, (u, v) in enumerate(zip(pooled_a, pooled_b)):
        cosine = float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
        layers.append({"layer": layer, "cosine": cosine,
                       "norm_a": float(np.linalg.norm(u)), "norm_b": float(np.linalg.norm(v))})
    share_layer = len(states_a) // 2
    u, v = pooled_a[share_layer], pooled_b[share_layer]
    denominator = np.linalg.norm(u) * np.linalg.norm(v)
    if mode == "mean":
        shares = [float(row @ v / len(tokens_a) / denominator) for row in states_a[share_layer]]
    else:
        shares = [float(u @ v / denominator)] + [0.0] * (len(tokens_a) - 1)
    return {"a": a, "b": b, "pooling": mode, "layers": layers, "share_layer": share_layer,
            "tokens_a": tokens_a, "shares_a": shares}


def main(arguments):
    minilm = arguments[0] if arguments else os.path.expanduser("~/.local/share/semblance/models/all-MiniLM-L6-v2")
    os.makedirs(OUT, exist_ok=True)
    models = {name: os.path.join(MODELS, name) for name in ("tiny-bert-mean", "tiny-mpnet", "tiny-roberta-bpe")}
    models["all-MiniLM-L6-v2"] = minilm
    for name, directory in models.items():
        model = SentenceTransformer(directory, device="cpu")
        result = {"model": name, "pairs": [walk(model, a, b) for a, b in PAIRS]}
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Normalizer and pre-tokenizer outputs of the tokenizers library, for the step-through.

    python3 Tests/Fixtures/generators/pipeline_stages_reference.py

For a few texts and the tokenizer.json of three fixture models (tiny-bert-mean: BertNormalizer +
BertPreTokenizer; tiny-roberta-bpe: ByteLevel; tiny-xlmr-unigram: Precompiled + Metaspace),
writes `tokenizer.normalizer.normalize_str(text)` and the pieces of
`tokenizer.pre_tokenizer.pre_tokenize_str(normalized)` to
Tests/Fixtures/reference/pipeline-stages.json. (The texts hold no added tokens, so the library's
added-token split does not come in.) tokenizers 0.23.3.
"""
import json
import os

from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "models")
OUT = os.path.join(HERE, "..", "reference", "pipeline-stages.json")
TEXTS = ["The Guitar sings.", "Café  déjà-vu, naïve!", "Hello   world 42x"]


def main():
    result = {}
    for name in ("tiny-bert-mean", "tiny-roberta-bpe", "tiny-xlmr-unigram"):
        tokenizer = Tokenizer.from_file(os.path.join(MODELS, name, "tokenizer.json"))
        cases = []
        for text in TEXTS:
            normalized = tokenizer.normalizer.normalize_str(text) if tokenizer.normalizer else text
            pieces = tokenizer.pre_tokenizer.pre_tokenize_str(normalized) if tokenizer.pre_tokenizer else [(normalized, None)]
            cases.append({"text": text, "normalized": normalized, "pre_tokens": [p for p, _ in pieces]})
        result[name] = cases
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()

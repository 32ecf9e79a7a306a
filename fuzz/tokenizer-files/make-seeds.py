#!/usr/bin/env python3
"""Writes the seed corpus of the tokenizer-files fuzz target (standard library only).

Each seed is up to four files joined by the byte 0x1E: tokenizer.json, vocab.txt,
tokenizer_config.json, special_tokens_map.json (an empty part is an absent file).
The vocabularies are a few hundred entries of all-MiniLM-L6-v2's, so each run stays fast.
"""
import json, os, sys

SEPARATOR = b"\x1e"
MODEL = os.path.expanduser("~/.local/share/semblance/models/all-MiniLM-L6-v2")
WORDS = ["hello", "world", "un", "##believ", "##able", "naive", "cafe", "the", "a", "##s", "##b", "ab", ",", "!", ".",
         "日", "本", "語", "[unused0]"]


def small_vocabulary():
    full = json.load(open(os.path.join(MODEL, "tokenizer.json")))["model"]["vocab"]
    keep = {token: index for token, index in full.items() if index < 110 or token in WORDS}
    return dict(sorted(keep.items(), key=lambda item: item[1]))


def tokenizer_json(vocabulary, **changes):
    document = json.load(open(os.path.join(MODEL, "tokenizer.json")))
    document["model"]["vocab"] = vocabulary
    document.pop("truncation", None)
    for key, value in changes.items():
        document[key] = value
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def seed(*parts):
    return SEPARATOR.join(parts)


def main(directory):
    os.makedirs(directory, exist_ok=True)
    vocabulary = small_vocabulary()
    # vocab.txt numbers tokens by line: the same tokens, renumbered 0..<n.
    vocabulary_lines = "\n".join(vocabulary).encode() + b"\n"
    config = open(os.path.join(MODEL, "tokenizer_config.json"), "rb").read()
    special_map = open(os.path.join(MODEL, "special_tokens_map.json"), "rb").read()
    seeds = {
        "json-minilm-subset": seed(tokenizer_json(vocabulary)),
        "json-bert-processing": seed(tokenizer_json(vocabulary, post_processor={
            "type": "BertProcessing", "sep": ["[SEP]", 102], "cls": ["[CLS]", 101]})),
        "json-no-normalizer": seed(tokenizer_json(vocabulary, normalizer=None, padding=None)),
        "json-with-config": seed(tokenizer_json(vocabulary), b"", config, special_map),
        "json-added-tokens": seed(tokenizer_json(vocabulary, added_tokens=[
            {"id": 0, "content": "[PAD]", "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True},
            {"id": 100, "content": "[UNK]", "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True},
            {"id": 101, "content": "[CLS]", "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True},
            {"id": 102, "content": "[SEP]", "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True},
            {"id": 103, "content": "[MASK]", "single_word": False, "lstrip": True, "rstrip": False, "normalized": False, "special": True},
            {"id": 2088, "content": "World", "single_word": True, "lstrip": False, "rstrip": True, "normalized": True, "special": False},
        ])),
        "vocab-only": seed(b"", vocabulary_lines),
        "vocab-config": seed(b"", vocabulary_lines, config, special_map),
        "vocab-cased-config": seed(b"", vocabulary_lines.replace(b"hello", b"Hello"), json.dumps({
            "do_lower_case": False, "strip_accents": True, "tokenize_chinese_chars": False, "model_max_length": 1e30,
            "unk_token": {"content": "[UNK]", "special": True},
            "added_tokens_decoder": {"0": {"content": "[PAD]", "special": True, "normalized": False}},
        }).encode()),
        "vocab-crlf-map-only": seed(b"", vocabulary_lines.replace(b"\n", b"\r\n"), b"", special_map),
    }
    for name, data in seeds.items():
        assert len(data) < 16384, (name, len(data))
        open(os.path.join(directory, name), "wb").write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus"))

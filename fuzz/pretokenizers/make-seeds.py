#!/usr/bin/env python3
"""Seeds for the pretokenizers fuzz target: settings byte, a pre_tokenizer section, 0x1E, a text.
Run from this folder: python3 make-seeds.py"""
import json
import os

META = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True}
SECTIONS = [
    META,
    {**META, "prepend_scheme": "first"},
    {**META, "prepend_scheme": "never", "split": False},
    {"type": "Metaspace", "replacement": "_", "add_prefix_space": False, "split": True},
    {"type": "Metaspace", "replacement": "\u2581", "add_prefix_space": True},
    {"type": "Sequence", "pretokenizers": [{"type": "WhitespaceSplit"}, META]},
    {"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": True}, {"type": "Punctuation", "behavior": "Isolated"}, META]},
    {"type": "Split", "pattern": {"String": " "}, "behavior": "MergedWithNext", "invert": False},
    {"type": "Split", "pattern": {"Regex": "\\s+|[[:punct:]]"}, "behavior": "Removed", "invert": False},
    {"type": "Split", "pattern": {"Regex": "\\p{L}+"}, "behavior": "Contiguous", "invert": True},
    {"type": "Split", "pattern": {"Regex": " ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"}, "behavior": "Isolated", "invert": False},
    {"type": "Whitespace"},
    {"type": "Digits", "individual_digits": False},
    {"type": "Punctuation", "behavior": "MergedWithPrevious"},
    {"type": "ByteLevel", "add_prefix_space": True, "use_regex": True},
    {"type": "ByteLevel", "add_prefix_space": False, "use_regex": False},
    {"type": "BertPreTokenizer"},
]
TEXTS = ["Hello world, it's 2026!", "  two  spaces\tand\nlines ", "café ＡＢＣ 日本語 😀👍🏽", "\u2581already\u2581split 3.14"]

os.makedirs("corpus", exist_ok=True)
for index, section in enumerate(SECTIONS):
    for settings, text in [(0, TEXTS[index % len(TEXTS)]), (1, TEXTS[(index + 1) % len(TEXTS)])]:
        with open(f"corpus/seed-{index:02d}-{settings}", "wb") as f:
            f.write(bytes([settings]) + json.dumps(section, ensure_ascii=False).encode() + b"\x1e" + text.encode())

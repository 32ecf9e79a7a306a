#!/usr/bin/env python3
"""Seeds for the charsmap fuzz target: settings byte, text length n, n bytes of text, a blob.

The blobs: tiny-xlmr-unigram's real precompiled_charsmap, truncations of it and one whose
trie size lies, and a small charsmap built here (a few rules in a Darts double array, the
layout spm_precompiled reads) so that mutations land on rules rather than on 240 kB.
Run from this folder: python3 make-seeds.py
"""
import base64
import json
import os
import struct

FIXTURE = "../../Tests/Fixtures/models/tiny-xlmr-unigram/tokenizer.json"
RULES = {"Ａ": "A", "ﬁ": "fi", "①": "1", "\u3000": " ", "e\u0301": "é", "\u0301": "", "㍿": "株式会社",
         "\u200b": "", "ｶ": "カ", "a": "a", "\t": " "}
TEXTS = ["Hello World", "ＡＢＣ ① ﬁ ㍿", "e\u0301\u0302 a\u0308", "ｶﾀｶﾅ\u3000x", "\u200b\tend", ""]


def darts(keys):
    """A double array over UTF-8 keys: {bytes: value}. A unit is label (bits 0-7), has-leaf
    (bit 8), offset (bits 10-31); a node's children sit at position ^ offset ^ label, its
    value in a leaf unit (bit 31 set) at position ^ offset."""
    trie = {}
    for key, value in keys.items():
        node = trie
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = value
    units = {0: 0}
    queue = [(0, trie)]
    while queue:
        position, node = queue.pop(0)
        labels = [0 if label is None else label for label in node]
        offset = 1
        while any((position ^ offset ^ label) in units or (position ^ offset ^ label) == 0 for label in labels):
            offset += 1
        has_leaf = None in node
        label = units[position] & 0xFF
        units[position] = (offset << 10) | (has_leaf << 8) | label
        for label, child in node.items():
            if label is None:
                units[position ^ offset] = 0x80000000 | child
            else:
                units[position ^ offset ^ label] = label
                queue.append((position ^ offset ^ label, child))
    return [units.get(index, 0) for index in range(max(units) + 1)]


def charsmap(rules):
    strings = b""
    keys = {}
    for source, target in rules.items():
        keys[source.encode()] = len(strings)
        strings += target.encode() + b"\0"
    units = darts(keys)
    return struct.pack("<I", 4 * len(units)) + b"".join(struct.pack("<I", unit) for unit in units) + strings


def seed(name, settings, text, blob):
    encoded = text.encode()[:255]
    with open(f"corpus/{name}", "wb") as f:
        f.write(bytes([settings, len(encoded)]) + encoded + blob)


os.makedirs("corpus", exist_ok=True)
real = base64.b64decode(json.load(open(FIXTURE))["normalizer"]["precompiled_charsmap"])
small = charsmap(RULES)
trie_end = 4 + struct.unpack("<I", real[:4])[0]
for index, text in enumerate(TEXTS):
    seed(f"small-{index}", 0, text, small)
    seed(f"small-sequence-{index}", 2, text, small)
seed("real-0", 0, TEXTS[1], real)
seed("real-text", 1, TEXTS[0], real[:64])
for cut in [0, 3, 4, 5, 100, trie_end - 1, trie_end, len(real) - 1]:
    seed(f"real-cut-{cut}", 0, TEXTS[1], real[:cut])
for cut in [4, 9, len(small) - 3]:
    seed(f"small-cut-{cut}", 0, TEXTS[1], small[:cut])
seed("small-lying-size", 0, TEXTS[1], struct.pack("<I", 1 << 31) + small[4:])
seed("small-odd-size", 0, TEXTS[1], struct.pack("<I", len(small) - 6) + small[4:])
seed("small-bad-utf8", 0, TEXTS[1], small + b"\xff\xfe")

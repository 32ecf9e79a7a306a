#!/usr/bin/env python3
"""Per-code-point reference data: what tokenizers 0.23.3 does with every code point.

For each scan, every code point of the scanned ranges gives one line (formats below); the
lines of each 256-code-point block are hashed (FNV-1a 64 over the UTF-8 of the lines, each
followed by "\\n") and a sample of lines is stored in full, so a test names the first block
that differs and shows the sample lines that do. Surrogates give no line.

Writes `Tests/Fixtures/reference/unicode-scan/<scan>.txt`. Run from the repository root:
python3 Tests/Fixtures/generators/unicode_scans.py
To see the library's lines for one block that a test names (e.g. U+1E00):
python3 Tests/Fixtures/generators/unicode_scans.py --show wordpiece-uncased 1E00
"""
import copy
import json
import os
import sys

import tokenizers
from tokenizers import Regex, Tokenizer
from tokenizers import normalizers as N
from tokenizers import pre_tokenizers as P
from tokenizers.models import WordLevel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import unicode_tables  # noqa: E402

assert tokenizers.__version__ == "0.23.3", tokenizers.__version__

OUT = "Tests/Fixtures/reference/unicode-scan"
MODELS = "Tests/Fixtures/models"
# Every assigned plane in full (0-3, 14), and a block at each end of the others.
RANGES = [(0x0, 0x40000), (0x40000, 0x40100), (0xDFF00, 0xE1000), (0xF0000, 0xF0100), (0x10FF00, 0x110000)]
BLOCK = 256
# Code points stored in full: known disagreements with Swift's tables, and a spread.
NAMED = [0x61D, 0x7FD, 0x890, 0x8CA, 0x8E2, 0xC77, 0x130, 0x1E9E, 0x3A3, 0xE9, 0x301, 0x345, 0xFDFA, 0xAC01,
         0x4E2D, 0x2F800, 0x1F600, 0x200D, 0xFEFF, 0xFFFD, 0x85, 0x3000, 0xE0001, 0x10FFFD]
SAMPLE_STRIDE = 4001


def code_points():
    for start, end in RANGES:
        for cp in range(start, end):
            if not 0xD800 <= cp < 0xE000:
                yield cp


def fnv1a(data, h=0xCBF29CE484222325):
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def hexes(text):
    return " ".join("%X" % ord(c) for c in text)


def write_scan(name, description, lines):
    """lines: {cp: line}. Writes blocks and samples."""
    os.makedirs(OUT, exist_ok=True)
    blocks = {}
    for cp in sorted(lines):
        blocks.setdefault(cp // BLOCK * BLOCK, []).append(lines[cp])
    sample = sorted(set(cp for cp in lines if cp in NAMED or cp % SAMPLE_STRIDE == 0))
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        f.write(f"# {description}\n# tokenizers {tokenizers.__version__}; made by Tests/Fixtures/generators/unicode_scans.py\n")
        for cp in sample:
            f.write("sample " + lines[cp] + "\n")
        for start, block_lines in sorted(blocks.items()):
            h = fnv1a("".join(line + "\n" for line in block_lines).encode())
            f.write("block %X %016x\n" % (start, h))
    print(f"{name}: {len(lines)} code points, {len(blocks)} blocks", file=sys.stderr)


def tokenizer_lines(tokenizer, cps):
    """cp|ids of c|offsets of c|ids of a+c+b|offsets of a+c+b (offsets in scalars)."""
    tokenizer.no_truncation()
    tokenizer.no_padding()
    texts = []
    for cp in cps:
        texts += [chr(cp), "a" + chr(cp) + "b"]
    lines = {}
    chunk = 20000
    for start in range(0, len(texts), chunk):
        encodings = tokenizer.encode_batch(texts[start:start + chunk])
        for i in range(0, len(encodings), 2):
            cp = cps[(start + i) // 2]
            parts = ["%X" % cp]
            for e in encodings[i:i + 2]:
                parts.append(",".join(map(str, e.ids)))
                parts.append(",".join("%d-%d" % o for o in e.offsets))
            lines[cp] = "|".join(parts)
    return lines


def normalizer_lines(cps):
    """cp|for NFD, NFKD, NFC, NFKC: f(c) scalars, then f(e+c+U+0301) scalars:origins|lowercase."""
    forms = [N.NFD(), N.NFKD(), N.NFC(), N.NFKC()]
    probes = []
    for form in forms:
        t = Tokenizer(WordLevel({"[UNK]": 0}, unk_token="[UNK]"))
        t.normalizer = form
        t.pre_tokenizer = P.Split(Regex(r"[\s\S]"), "isolated")  # one token per normalized scalar
        probes.append(t)
    lower = N.Lowercase()
    columns = []
    for form, t in zip(forms, probes):
        alone = [form.normalize_str(chr(cp)) for cp in cps]
        texts = ["e" + chr(cp) + "\u0301" for cp in cps]
        encodings = []
        for start in range(0, len(texts), 20000):
            encodings += t.encode_batch(texts[start:start + 20000])
        around = []
        for text, e in zip(texts, encodings):
            out = form.normalize_str(text)
            assert len(out) == len(e.offsets), repr(text)
            around.append(" ".join("%X:%d" % (ord(c), o[0]) for c, o in zip(out, e.offsets)))
        columns.append((alone, around))
    lines = {}
    for i, cp in enumerate(cps):
        parts = ["%X" % cp]
        for alone, around in columns:
            parts += [hexes(alone[i]), around[i]]
        parts.append(hexes(lower.normalize_str(chr(cp))))
        lines[cp] = "|".join(parts)
    return lines


def class_lines(cps, flags, ccc):
    """cp|class bits (FLAGS, decomposition/composition bits cleared)|combining class."""
    mask = sum(1 << unicode_tables.FLAGS[n] for n in unicode_tables.FLAGS
               if n not in ("canonicalDecomposes", "compatibilityDecomposes", "lowercaseChanges", "composes"))
    return {cp: "%X|%X|%d" % (cp, flags[cp] & mask, ccc.get(cp, 0)) for cp in cps}


def bert_variant(lowercase, strip_accents):
    with open(os.path.join(MODELS, "tiny-bert-mean", "tokenizer.json")) as f:
        document = json.load(f)
    document = copy.deepcopy(document)
    document["normalizer"]["lowercase"] = lowercase
    document["normalizer"]["strip_accents"] = strip_accents
    return Tokenizer.from_str(json.dumps(document))


def scans():
    """Scan name → (description, function from code points to {cp: line})."""
    def classes(cps):
        flags, ccc = unicode_tables.compute()[:2]
        return class_lines(cps, flags, ccc)
    table = {
        "classes": ("LibraryUnicode classes: cp|class bits|combining class", classes),
        "normalizers": ("NFD NFKD NFC NFKC of c and of e+c+U+0301 (scalar:origin), Lowercase", normalizer_lines),
        "wordpiece-uncased": ("tiny-bert-mean tokenizer.json as is: ids|offsets of c, then of a+c+b",
                              lambda cps: tokenizer_lines(Tokenizer.from_file(os.path.join(MODELS, "tiny-bert-mean", "tokenizer.json")), cps)),
    }
    for name, lowercase, strip in [("wordpiece-cased", False, False), ("wordpiece-lowercase-keep-accents", True, False),
                                   ("wordpiece-cased-strip-accents", False, True)]:
        table[name] = (f"tiny-bert-mean with BertNormalizer lowercase {lowercase}, strip_accents {strip}: "
                       "ids|offsets of c, then of a+c+b",
                       lambda cps, lowercase=lowercase, strip=strip: tokenizer_lines(bert_variant(lowercase, strip), cps))
    for model in ["tiny-xlmr-unigram", "tiny-roberta-bpe"]:
        table[model] = (f"{model} tokenizer.json as is: ids|offsets of c, then of a+c+b",
                        lambda cps, model=model: tokenizer_lines(Tokenizer.from_file(os.path.join(MODELS, model, "tokenizer.json")), cps))
    return table


def main():
    # --show SCAN BLOCK prints the library's lines for one block (hex start), to compare with a failing test.
    if len(sys.argv) == 4 and sys.argv[1] == "--show":
        start = int(sys.argv[3], 16) // BLOCK * BLOCK
        cps = [cp for cp in range(start, start + BLOCK) if not 0xD800 <= cp < 0xE000]
        lines = scans()[sys.argv[2]][1](cps)
        print("\n".join(lines[cp] for cp in cps))
        return
    cps = list(code_points())
    for name, (description, make_lines) in scans().items():
        write_scan(name, description, make_lines(cps))


if __name__ == "__main__":
    main()

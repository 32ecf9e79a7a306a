#!/usr/bin/env python3
"""Generates Semblance's copy of the Unicode tables the HF tokenizers library uses.

The library classifies and decomposes characters with its own crates (unicode-normalization-
alignments, unicode_categories, Rust std, Oniguruma), whose Unicode versions are older than
Swift's. Nothing here reads a Unicode data file: every table is read off the library's
behaviour, code point by code point, with `tokenizers==0.23.3`.

Writes `Sources/Tokenization/LibraryUnicode/LibraryUnicodeTables.swift`.
Run from the repository root: python3 Tests/Fixtures/generators/unicode_tables.py
(`unicode_scans.py` writes the per-code-point reference data the tests compare against.)
"""
import sys
import unicodedata

import tokenizers
from tokenizers import AddedToken, Regex, Tokenizer
from tokenizers.models import WordLevel
from tokenizers import normalizers as N
from tokenizers import pre_tokenizers as P

assert tokenizers.__version__ == "0.23.3", tokenizers.__version__

OUT = "Sources/Tokenization/LibraryUnicode/LibraryUnicodeTables.swift"
ALL = [cp for cp in range(0x110000) if not 0xD800 <= cp < 0xE000]

# Flag bits; LibraryUnicode.swift declares the same values.
FLAGS = {
    "bertWhitespace": 0,      # BertPreTokenizer splits on it (Rust char::is_whitespace)
    "bertCleaned": 1,         # BertNormalizer clean_text deletes it (NUL, U+FFFD, control/format/private use)
    "bertPunctuation": 2,     # BertPreTokenizer isolates it
    "bertChinese": 3,         # BertNormalizer handle_chinese_chars pads it with spaces
    "nonspacingMark": 4,      # BertNormalizer strip_accents deletes it (after NFD)
    "combiningMark": 5,       # StripAccents normalizer deletes it
    "regexLetter": 6,         # Oniguruma \p{L} (GPT-2 regex)
    "regexNumber": 7,         # Oniguruma \p{N}
    "regexWhitespace": 8,     # Oniguruma \s
    "regexWord": 9,           # Oniguruma \w (Whitespace pre-tokenizer)
    "numeric": 10,            # Digits pre-tokenizer (Rust char::is_numeric)
    "punctuation": 11,        # Punctuation pre-tokenizer
    "canonicalDecomposes": 12,
    "compatibilityDecomposes": 13,
    "lowercaseChanges": 14,
    "composes": 15,           # first or second scalar of a canonical composition pair
    "addedTokenWord": 16,     # a word character for added tokens' single_word (Rust regex \w)
}
CCC_SHIFT = 24

def probe_strings(fn, texts):
    return [fn(t) for t in texts]

def compute():
    """Probes the library for every code point: (flags, ccc, nfd, nfkd, lower, pairs, references)."""
    chars = [chr(cp) for cp in ALL]
    nfd_n, nfkd_n, nfc_n, nfkc_n = N.NFD(), N.NFKD(), N.NFC(), N.NFKC()
    nfd = {cp: nfd_n.normalize_str(c) for cp, c in zip(ALL, chars)}
    nfkd = {cp: nfkd_n.normalize_str(c) for cp, c in zip(ALL, chars)}
    nfc = {cp: nfc_n.normalize_str(c) for cp, c in zip(ALL, chars)}
    lower_n = N.Lowercase()
    lower = {cp: lower_n.normalize_str(c) for cp, c in zip(ALL, chars)}
    flags = {cp: 0 for cp in ALL}

    def setflag(name, cp):
        flags[cp] |= 1 << FLAGS[name]

    bert_pre = P.BertPreTokenizer()
    clean = N.BertNormalizer(clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=False)
    chinese = N.BertNormalizer(clean_text=False, handle_chinese_chars=True, strip_accents=False, lowercase=False)
    strip = N.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    strip_accents = N.StripAccents()
    regexes = {name: P.Split(Regex(pattern), "removed") for name, pattern in
               [("regexLetter", r"\p{L}"), ("regexNumber", r"\p{N}"), ("regexWhitespace", r"\s"), ("regexWord", r"\w")]}
    digits = P.Digits(individual_digits=True)
    single_word = Tokenizer(WordLevel({"[UNK]": 0}, unk_token="[UNK]"))
    single_word.add_tokens([AddedToken("xq", single_word=True)])
    word_probes = single_word.encode_batch([c + "xq" for c in chars])
    punct = P.Punctuation()
    for cp, c in zip(ALL, chars):
        pieces = [p for p, _ in bert_pre.pre_tokenize_str("a" + c + "b")]
        if pieces == ["a", "b"]:
            setflag("bertWhitespace", cp)
        elif pieces == ["a", c, "b"]:
            setflag("bertPunctuation", cp)
        else:
            assert pieces == ["a" + c + "b"], (hex(cp), pieces)
        if clean.normalize_str(c) == "":
            setflag("bertCleaned", cp)
        if chinese.normalize_str(c) == " " + c + " ":
            setflag("bertChinese", cp)
        if nfd[cp] == c and strip.normalize_str(c) == "":
            setflag("nonspacingMark", cp)
        if strip_accents.normalize_str(c) == "":
            setflag("combiningMark", cp)
        for name, split in regexes.items():
            if split.pre_tokenize_str(c) == []:
                setflag(name, cp)
        if len(digits.pre_tokenize_str("a" + c + "a")) == 3:
            setflag("numeric", cp)
        if len(punct.pre_tokenize_str("a" + c + "a")) == 3:
            setflag("punctuation", cp)
        if "xq" not in word_probes[cp if cp < 0xD800 else cp - 0x800].tokens:
            setflag("addedTokenWord", cp)
        if nfd[cp] != c:
            setflag("canonicalDecomposes", cp)
        if nfkd[cp] != c:
            setflag("compatibilityDecomposes", cp)
        if lower[cp] != c:
            setflag("lowercaseChanges", cp)
    # clean_text maps whitespace to ' ' rather than deleting it; check the two agree with the
    # pre-tokenizer's whitespace (both are Rust char::is_whitespace in the library).
    for cp, c in zip(ALL, chars):
        out = clean.normalize_str(c)
        if flags[cp] & (1 << FLAGS["bertCleaned"]):
            continue
        assert (out == " ") == bool(flags[cp] & 1) or c == " ", hex(cp)

    # Canonical combining classes of the scalars NFD leaves alone, read from how NFD orders
    # them against marks of known class (only the order matters; values are Unicode's).
    def reorders(text, expected):
        return expected != text and nfd_n.normalize_str(text) == expected
    nonstarters = []
    for cp, c in zip(ALL, chars):
        if nfd[cp] != c:
            continue
        if reorders("a" + c + "\u0334", "a\u0334" + c) or reorders("a\u0345" + c, "a" + c + "\u0345"):
            nonstarters.append(cp)
    references = {}
    for cp in nonstarters:
        v = unicodedata.combining(chr(cp))
        if v and v not in references:
            references[v] = chr(cp)
    ccc = {}
    for cp in nonstarters:
        c = chr(cp)
        found = [v for v, m in references.items()
                 if not reorders("a" + m + c, "a" + c + m) and not reorders("a" + c + m, "a" + m + c)]
        assert len(found) == 1, (hex(cp), found)
        ccc[cp] = found[0]

    # Hangul syllables decompose and compose algorithmically; check the library agrees.
    def hangul(cp):
        s = cp - 0xAC00
        l, v, t = 0x1100 + s // 588, 0x1161 + (s % 588) // 28, 0x11A7 + s % 28
        return "".join(chr(x) for x in ([l, v] if t == 0x11A7 else [l, v, t]))
    for cp in range(0xAC00, 0xD7A4):
        assert nfd[cp] == hangul(cp) == nfkd[cp], hex(cp)
        assert nfc_n.normalize_str(hangul(cp)) == chr(cp), hex(cp)

    # Canonical composition pairs: every scalar NFC keeps whose NFD differs is a primary
    # composite of (NFC of its NFD without the last scalar, the last scalar).
    pairs = []
    for cp, c in zip(ALL, chars):
        if 0xAC00 <= cp <= 0xD7A3 or nfd[cp] == c or nfc[cp] != c:
            continue
        first = nfc_n.normalize_str(nfd[cp][:-1])
        second = nfd[cp][-1]
        assert len(first) == 1 and nfc_n.normalize_str(first + second) == c, hex(cp)
        pairs.append((ord(first), ord(second), cp))
    for a, b, _ in pairs:
        flags[a] |= 1 << FLAGS["composes"]
        flags[b] |= 1 << FLAGS["composes"]
    for cp in list(range(0x1100, 0x1113)) + list(range(0x1161, 0x1176)) + list(range(0x11A8, 0x11C3)):
        flags[cp] |= 1 << FLAGS["composes"]

    return flags, ccc, nfd, nfkd, lower, pairs, references


def write_tables(flags, ccc, nfd, nfkd, lower, pairs, references):
    # Combined property value per code point: flags | ccc << 24, as runs.
    runs = []
    previous = None
    for cp in range(0x110000):
        value = 0 if 0xD800 <= cp < 0xE000 else flags[cp] | (ccc.get(cp, 0) << CCC_SHIFT)
        if value != previous:
            runs.append((cp, value))
            previous = value

    def hexes(s):
        return ",".join("%X" % ord(x) for x in s)

    def keyed(entries):
        # "delta:value;" with each key relative to the previous one keeps the literal short.
        out, last = [], 0
        for key, text in entries:
            out.append("%X:%s" % (key - last, text))
            last = key
        return ";".join(out)

    property_runs = []
    last = 0
    for start, value in runs:
        property_runs.append("%X:%X" % (start - last, value))
        last = start
    canonical = keyed((cp, hexes(nfd[cp])) for cp in ALL
                      if nfd[cp] != chr(cp) and not 0xAC00 <= cp <= 0xD7A3)
    compatibility = keyed((cp, hexes(nfkd[cp])) for cp in ALL if nfkd[cp] != nfd[cp])
    lowercase = keyed((cp, hexes(lower[cp])) for cp in ALL if lower[cp] != chr(cp))
    composition = keyed((c, "%X,%X" % (a, b)) for a, b, c in sorted(pairs, key=lambda p: p[2]))

    def literal(name, doc, text):
        lines = [text[i:i + 110] for i in range(0, len(text), 110)]
        body = "\n".join(lines)
        return f'    /// {doc}\n    static let {name} = """\n{body}\n"""\n'

    with open(OUT, "w") as f:
        f.write("// Generated by Tests/Fixtures/generators/unicode_tables.py from tokenizers "
                f"{tokenizers.__version__}'s behaviour. Do not edit.\n\n")
        f.write("/// The tokenizers library's Unicode data, as compact text decoded once by `LibraryUnicodeData`.\n")
        f.write("/// Keys are hex deltas from the previous key; values hex; entries separated by ';'\n")
        f.write("/// (line breaks are ignored).\n")
        f.write("enum LibraryUnicodeTables {\n")
        f.write(literal("propertyRuns", "Runs of equal properties: start:(flags | combining class << 24).", ";".join(property_runs)))
        f.write(literal("canonicalDecompositions", "Full canonical decompositions (NFD of one scalar), Hangul syllables excepted.", canonical))
        f.write(literal("compatibilityDecompositions", "Full compatibility decompositions where they differ from the canonical one.", compatibility))
        f.write(literal("canonicalCompositions", "Primary composites: composite:first,second.", composition))
        f.write(literal("lowercaseMappings", "Rust char::to_lowercase, where it changes the scalar.", lowercase))
        f.write("}\n")
    print(f"wrote {OUT}: {len(runs)} runs, {len(pairs)} pairs, {len(ccc)} non-starters, "
          f"{len(references)} combining classes", file=sys.stderr)

if __name__ == "__main__":
    write_tables(*compute())

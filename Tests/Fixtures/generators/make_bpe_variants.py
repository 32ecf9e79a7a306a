"""Reference data for the byte-level BPE family beyond tiny-roberta-bpe's own settings.

Run from the repository root with tokenizers 0.23.3:
    python3 Tests/Fixtures/generators/make_bpe_variants.py

Writes
- Tests/Fixtures/models/bpe-variants/<name>/tokenizer.json: three BPE models trained here on
  STS sentences (end_of_word_suffix "</w>" like CLIP, continuing_subword_prefix "##" like
  WordPiece, byte_fallback with <0x00>…<0xFF> tokens);
- Tests/Fixtures/reference/bpe-variants/variants.json: each variant's tokenizer.json (a base,
  `models/tiny-roberta-bpe` or one of the above, with sections and model fields replaced) in which
  the strings "@VOCAB@" and "@MERGES@" stand for `parts/<base>.vocab.json` / `.merges.json`;
- Tests/Fixtures/reference/bpe-variants/references.jsonl: one row per (variant, text):
  {"variant", "text", "ids", "offsets"} from `Tokenizer.encode(text)` with truncation at 64 tokens
  (post-processor tokens included), offsets in Python str indices as `offset_mapping`.
The Swift test applies the same replacements and compares ids and offsets.
"""
import json
import os
import sys

import tokenizers
from tokenizers import Tokenizer, models, pre_tokenizers, trainers

assert tokenizers.__version__ == "0.23.3", tokenizers.__version__

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
BASE = os.path.join(ROOT, "models", "tiny-roberta-bpe", "tokenizer.json")
MODELS = os.path.join(ROOT, "models", "bpe-variants")
OUT = os.path.join(ROOT, "reference", "bpe-variants")
MAX_LENGTH = 64

fixture_texts = [json.loads(line)["text"] for line in open(os.path.join(ROOT, "reference", "tiny-roberta-bpe", "tokens.jsonl"))]

# Every kind of character: emoji sequences, CJK, combining marks, controls, spaces of all kinds,
# contractions (the GPT-2 pattern is case-sensitive), digits of other scripts, specials in text.
extra_texts = [
    "I'm sure they'll say we'd've gone; it's 'quoted' and 'S 'T 'RE upper",
    "don't!'s ''s '''t 'x 'll'", "can't\u2019t (curly apostrophe)",
    "  two leading spaces", "trailing two  ", "   ", "\t", "\n\n", "a\tb\nc\rd", "mid   three   spaces",
    " \u00a0nbsp\u00a0 \u2007figure\u202fnarrow\u3000ideographic\u2028line\u2029para\u0085nel",
    "\u200b\u200c\u200d\u2060\ufeffzero widths", "soft\u00adhyphen", "\x00\x01\x1f\x7f\x80\x9f controls",
    "e\u0301 a\u0308 \u0301leading mark, n\u0303o\u0327\u0328 stacked",
    "👨‍👩‍👧‍👦 family 🏳️‍🌈 flag 🇯🇵🇫🇷 keycap 1️⃣ skin 👋🏿",
    "漢字かなカナ한글 mixed 中文English混合", "ไทย ภาษา", "हिन्दी देवनागरी", "العربية مرحبا", "עברית",
    "digits ١٢٣ ۴۵۶ ७८९ ½ Ⅻ ² ₃ ①", "12345 3.14 1,000 007 4th", "x1y2z3 a11b222c3333",
    "!!!???... ---___ ((())) «quotes» „low“ ¿qué? ¡sí!", "#hash @at $dollar %percent ^caret &amp *star +plus =eq |pipe ~tilde `tick",
    "<s> inside </s> and <mask> and <unk> and <pad>", "<s><s></s>", "x<mask>y",
    "\U0001F600\U0001F4A9\U0001F9D1\u200D\U0001F680", "\U00020000\U0002A6D6 ext-b", "\ue000\uf8ff private use", "\U000E0001 tag",
    "\u0378\u0380 unassigned", "ﬁ ﬂ ﬀ ligatures", "Ａ full ｗｉｄｔｈ １２３", "İı ǅ ß ẞ",
    "tab\tafter", "newline\nafter", "space before\n newline", "a,b.c;d:e", "word's", "’s",
]
# Code points across the planes, 16 per text, spaced so that some pieces stay apart.
scan_texts = []
for start in range(0x20, 0x30000, 0x600):
    chars = [chr(cp) for cp in range(start, start + 0x600, 0x60) if not 0xD800 <= cp < 0xE000]
    text = "".join(c if i % 5 else " " + c for i, c in enumerate(chars))
    scan_texts.append(text)

core_texts = fixture_texts[:40] + fixture_texts[40:70] + extra_texts
all_texts = core_texts + scan_texts


def train(name, model, trainer, pre_tokenizer, extra_vocab=()):
    """A small BPE trained on STS sentences, saved as a fixture model."""
    tk = Tokenizer(model)
    tk.pre_tokenizer = pre_tokenizer
    tk.train_from_iterator(fixture_texts[40:], trainer=trainer)
    data = json.loads(tk.to_str())
    vocab = data["model"]["vocab"]
    for token in extra_vocab:
        if token not in vocab:
            vocab[token] = len(vocab)
    os.makedirs(os.path.join(MODELS, name), exist_ok=True)
    path = os.path.join(MODELS, name, "tokenizer.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
    return os.path.relpath(path, ROOT)


whitespace = pre_tokenizers.Whitespace()
clip = train("bpe-end-of-word-suffix",
             models.BPE(unk_token="<unk>", end_of_word_suffix="</w>"),
             trainers.BpeTrainer(vocab_size=400, special_tokens=["<unk>", "<pad>"], end_of_word_suffix="</w>", show_progress=False),
             whitespace)
wordpiece_like = train("bpe-continuing-prefix",
                       models.BPE(unk_token="[UNK]", continuing_subword_prefix="##"),
                       trainers.BpeTrainer(vocab_size=400, special_tokens=["[UNK]", "[PAD]"], continuing_subword_prefix="##",
                                           show_progress=False),
                       whitespace)
byte_fallback = train("bpe-byte-fallback",
                      models.BPE(unk_token="<unk>", byte_fallback=True),
                      trainers.BpeTrainer(vocab_size=300, special_tokens=["<unk>", "<pad>"], show_progress=False),
                      whitespace, extra_vocab=[f"<0x{b:02X}>" for b in range(256)])
roberta = os.path.relpath(BASE, ROOT)


def byte_level(add_prefix_space=False, trim_offsets=True, use_regex=True):
    return {"type": "ByteLevel", "add_prefix_space": add_prefix_space, "trim_offsets": trim_offsets, "use_regex": use_regex}


def roberta_processing(trim_offsets=True, add_prefix_space=False):
    return {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0],
            "trim_offsets": trim_offsets, "add_prefix_space": add_prefix_space}


def then_bytes(*steps):
    """Splitting pre-tokenizers followed by ByteLevel without its own regex (Llama-3 style)."""
    return {"type": "Sequence", "pretokenizers": list(steps) + [byte_level(use_regex=False)]}


variants = [
    # (name, base, replaced top-level sections, replaced model fields, texts)
    ("prefix-space", roberta, {"pre_tokenizer": byte_level(True), "post_processor": roberta_processing(True, True)}, {}, all_texts),
    ("prefix-space-no-trim", roberta, {"pre_tokenizer": byte_level(True), "post_processor": roberta_processing(False, True)}, {}, core_texts),
    ("no-regex", roberta, {"pre_tokenizer": byte_level(False, True, False)}, {}, core_texts),
    ("no-regex-prefix-space", roberta, {"pre_tokenizer": byte_level(True, True, False), "post_processor": roberta_processing(True, True)}, {}, core_texts),
    ("no-trim", roberta, {"post_processor": roberta_processing(False, False)}, {}, all_texts),
    ("bytelevel-post-processor", roberta, {"post_processor": byte_level(True, True)}, {}, core_texts),
    ("bytelevel-post-processor-no-trim", roberta, {"post_processor": byte_level(False, False)}, {}, core_texts),
    ("no-post-processor", roberta, {"post_processor": None}, {}, core_texts),
    ("ignore-merges", roberta, {}, {"ignore_merges": True}, core_texts),
    ("legacy-merges", roberta, {}, {"merges": "legacy"}, core_texts),
    ("dropout-one", roberta, {}, {"dropout": 1.0}, core_texts),
    ("end-of-word-suffix", clip, {}, {}, core_texts),
    ("end-of-word-suffix-fuse-unk", clip, {}, {"fuse_unk": True}, core_texts),
    ("continuing-prefix", wordpiece_like, {}, {}, core_texts),
    ("continuing-prefix-fuse-unk", wordpiece_like, {}, {"fuse_unk": True}, core_texts),
    ("byte-fallback", byte_fallback, {}, {}, all_texts),
    ("byte-fallback-off", byte_fallback, {}, {"byte_fallback": False}, core_texts),
    ("whitespace", roberta, {"pre_tokenizer": then_bytes({"type": "Whitespace"})}, {}, all_texts),
    ("digits", roberta, {"pre_tokenizer": then_bytes({"type": "Digits", "individual_digits": False})}, {}, all_texts),
    ("digits-individual", roberta, {"pre_tokenizer": then_bytes({"type": "Digits", "individual_digits": True})}, {}, core_texts),
    ("gpt4-regex", roberta, {"pre_tokenizer": then_bytes({"type": "Split", "pattern": {"Regex":
        r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"},
        "behavior": "Isolated", "invert": False})}, {}, all_texts),
]
for behavior in ["Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"]:
    variants.append((f"punctuation-{behavior}", roberta, {"pre_tokenizer": then_bytes({"type": "Punctuation", "behavior": behavior})}, {}, core_texts))
    for invert in [False, True]:
        suffix = "-invert" if invert else ""
        variants.append((f"split-string-{behavior}{suffix}", roberta, {"pre_tokenizer": then_bytes(
            {"type": "Split", "pattern": {"String": " "}, "behavior": behavior, "invert": invert})}, {}, core_texts))
        variants.append((f"split-regex-{behavior}{suffix}", roberta, {"pre_tokenizer": then_bytes(
            {"type": "Split", "pattern": {"Regex": r"\s+|[,.!?]"}, "behavior": behavior, "invert": invert})}, {}, core_texts))
# Oniguruma semantics the Swift Regex must reproduce: line anchors, `.` and newlines, empty
# matches, POSIX brackets, Unicode \d, case-insensitive groups, back-references.
for index, (pattern, behavior) in enumerate([
        (r"^\S+|\S+$", "Isolated"), (r".", "Removed"), (r"\s*", "Isolated"), (r"[aeiou]*", "MergedWithNext"),
        (r"[[:punct:]]+", "Removed"), (r"\d+", "Contiguous"), (r"(?i)the|AND", "MergedWithPrevious"),
        (r"[[:alpha:]]+|[^]a]", "MergedWithPrevious"), (r"\p{Han}|\p{Hiragana}+", "Isolated"), (r"(?<same>[a-z])\k<same>", "Isolated"), (r"[^\x00-\x7F]+", "Isolated")]):
    variants.append((f"split-regex-semantics-{index}", roberta, {"pre_tokenizer": then_bytes(
        {"type": "Split", "pattern": {"Regex": pattern}, "behavior": behavior, "invert": False})}, {}, core_texts))
variants.append(("split-string-empty", roberta, {"pre_tokenizer": then_bytes(
    {"type": "Split", "pattern": {"String": ""}, "behavior": "Isolated", "invert": False})}, {}, core_texts))
variants.append(("split-string-multi", roberta, {"pre_tokenizer": then_bytes(
    {"type": "Split", "pattern": {"String": "aa"}, "behavior": "MergedWithNext", "invert": False})}, {}, core_texts))


def build(base, sections, fields):
    data = json.load(open(os.path.join(ROOT, base), encoding="utf-8"))
    data.update(sections)
    for key, value in fields.items():
        if key == "merges" and value == "legacy":
            data["model"]["merges"] = [f"{a} {b}" for a, b in data["model"]["merges"]]
        else:
            data["model"][key] = value
    return data


os.makedirs(os.path.join(OUT, "parts"), exist_ok=True)
manifest = []
rows = []
parts = {}
for name, base, sections, fields, texts in variants:
    data = build(base, sections, fields)
    tk = Tokenizer.from_str(json.dumps(data))
    tk.enable_truncation(MAX_LENGTH)
    # The vocabulary and merges are written once per base (and merges form) in parts/ and
    # stand in the variant's tokenizer.json as the strings "@VOCAB@" and "@MERGES@".
    key = os.path.basename(os.path.dirname(base)) + ("-legacy" if fields.get("merges") == "legacy" else "")
    if key not in parts:
        parts[key] = True
        with open(os.path.join(OUT, "parts", key + ".vocab.json"), "w", encoding="utf-8") as f:
            json.dump(data["model"]["vocab"], f, ensure_ascii=True, separators=(",", ":"))
        with open(os.path.join(OUT, "parts", key + ".merges.json"), "w", encoding="utf-8") as f:
            json.dump(data["model"]["merges"], f, ensure_ascii=True, separators=(",", ":"))
    data["model"]["vocab"] = "@VOCAB@"
    data["model"]["merges"] = "@MERGES@"
    text_set = "all" if texts is all_texts else "core"
    manifest.append({"name": name, "parts": key, "texts": text_set,
                     "tokenizer": json.dumps(data, ensure_ascii=True, separators=(",", ":"))})
    for text, encoding in zip(texts, tk.encode_batch(texts)):
        rows.append({"variant": name, "text": text, "ids": encoding.ids, "offsets": [list(o) for o in encoding.offsets]})

with open(os.path.join(OUT, "variants.json"), "w", encoding="utf-8") as f:
    json.dump({"max_length": MAX_LENGTH, "variants": manifest}, f, ensure_ascii=True, indent=1)
with open(os.path.join(OUT, "references.jsonl"), "w", encoding="utf-8") as f:
    for row in rows:
        f.write(json.dumps(row, ensure_ascii=True, separators=(",", ":")) + "\n")
print(f"{len(manifest)} variants, {len(rows)} rows", file=sys.stderr)

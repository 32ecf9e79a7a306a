"""Small tokenizer.json variants and their references, made by the tokenizers library itself.

usage: python3 make_tokenizer_variants.py   (from anywhere; tokenizers 0.23.3)

The family fixtures cover one setting of each stage; these cover the others: Metaspace
prepend_scheme first/never and split false, Strip/Replace/Prepend/NFKC/NFD/Lowercase
combinations, TemplateProcessing with two special tokens before the text and a special token
with several ids, Unigram byte_fallback, added tokens with lstrip/rstrip/single_word/normalized.
The vocabularies come from the family fixtures (tiny-xlmr-unigram's Unigram, a slice of
MiniLM's WordPiece), so the outputs are deterministic and the files small. Writes Tests/Fixtures/tokenizers/<variant>/{tokenizer.json, tokens.jsonl, offsets.jsonl}:
tokens.jsonl {"text", "tokens", "ids"} and offsets.jsonl {"text", "offsets"} are
`Tokenizer.from_file(...)` with truncation to MAX_LENGTH, offsets in Python str indices.
"""
import json, os, shutil
from tokenizers import Tokenizer, AddedToken, Regex, models, normalizers, pre_tokenizers, processors

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
OUT = os.path.join(FIXTURES, "tokenizers")
MAX_LENGTH = 48

# The first 60 reference texts (edge cases + STS sentences) and texts aimed at these settings.
with open(os.path.join(FIXTURES, "reference", "tiny-xlmr-unigram", "tokens.jsonl"), encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f][:60]
texts += [
    "  two  spaces  between  words  ", "\u3000ideographic\u3000space\u3000", "a  b   c    d",
    "ﬁne ① ㎏ Ｆｕｌｌ ｗｉｄｔｈ ¹²³ ™ ℌ", "Ǆemal ǅ ǆ Ⅻ ⅻ", "e\u0301 a\u0308 o\u0302\u0323 \u1e69\u0307",
    "한국어 \u1100\u1161\u11a8 jamo", "Ω ω K Å", "ΣΑΣ σας", "straße STRASSE",
    "digits 12345 and 3.14 and 0xFF", "<mask> masked <mask>masked", "x <mask>", "[rs]   right strip [rs] end",
    "word words sword word, word.", "NoRm norm NORM", "<s> literal </s> and <unk> too",
    "emoji 😀😀 and 🧪 and ☃", "\u0000\u0001 control \u007f", "▁already▁has▁metaspace ▁",
    "mixed 日本 text ﬁ", "trailing tab\t", "\nleading newline",
]

def unigram_model(byte_fallback=False):
    # The tiny XLM-R fixture's vocabulary (the Unigram trainer is not deterministic).
    with open(os.path.join(FIXTURES, "models", "tiny-xlmr-unigram", "tokenizer.json"), encoding="utf-8") as f:
        vocab = [tuple(v) for v in json.load(f)["model"]["vocab"]]
    if byte_fallback:
        vocab += [(f"<0x{b:02X}>", -30.0) for b in range(256)]
    return models.Unigram(vocab, unk_id=3, byte_fallback=byte_fallback)

def wordpiece_model():
    # A deterministic slice of the MiniLM vocabulary in tiny-distilbert-dense-prompts (the
    # WordPiece trainer is not deterministic): the specials, every one-scalar piece with and
    # without "##", and the 2,000 most frequent words, renumbered in their original order.
    with open(os.path.join(FIXTURES, "models", "tiny-distilbert-dense-prompts", "tokenizer.json"), encoding="utf-8") as f:
        full = json.load(f)["model"]["vocab"]
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    kept = [t for t, i in sorted(full.items(), key=lambda kv: kv[1])
            if t not in specials and (len(t.removeprefix("##")) == 1 or 1996 <= i < 3996)]
    return models.WordPiece({t: i for i, t in enumerate(specials + kept)}, unk_token="[UNK]")

def template(single, specials):
    return processors.TemplateProcessing(single=single, pair=single + " $B", special_tokens=specials)

unigram_specials = [("<s>", 0), ("</s>", 2)]
unigram_template = template("<s> $A </s>", unigram_specials)
unigram_added = [AddedToken(t, special=True, normalized=False) for t in ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]]
wordpiece_template = template("[CLS] $A [SEP]", [("[CLS]", 2), ("[SEP]", 3)])
wordpiece_added = [AddedToken(t, special=True, normalized=False) for t in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]]

def variant(name, model, normalizer=None, pre_tokenizer=None, post_processor=None, added=()):
    tok = Tokenizer(model)
    if normalizer is not None: tok.normalizer = normalizer
    if pre_tokenizer is not None: tok.pre_tokenizer = pre_tokenizer
    if post_processor is not None: tok.post_processor = post_processor
    tok.add_special_tokens([t for t in added if t.special])
    tok.add_tokens([t for t in added if not t.special])
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "tokenizer.json")
    tok.save(path)
    # The reference is what the saved file does, read back as a user would.
    tok = Tokenizer.from_file(path)
    tok.enable_truncation(max_length=MAX_LENGTH)
    with open(os.path.join(folder, "tokens.jsonl"), "w", encoding="utf-8") as ft, \
         open(os.path.join(folder, "offsets.jsonl"), "w", encoding="utf-8") as fo:
        for text in texts:
            e = tok.encode(text)
            ft.write(json.dumps({"text": text, "tokens": e.tokens, "ids": e.ids}, ensure_ascii=False) + "\n")
            fo.write(json.dumps({"text": text, "offsets": [list(o) for o in e.offsets]}, ensure_ascii=False) + "\n")

if os.path.isdir(OUT):
    shutil.rmtree(OUT)
unigram = unigram_model()
variant("unigram-metaspace-first", unigram, pre_tokenizer=pre_tokenizers.Metaspace(prepend_scheme="first"),
        post_processor=unigram_template, added=unigram_added)
variant("unigram-whitespace-metaspace-first", unigram,
        pre_tokenizer=pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace(prepend_scheme="first")]),
        post_processor=unigram_template, added=unigram_added)
variant("unigram-metaspace-never-nosplit", unigram, pre_tokenizer=pre_tokenizers.Metaspace(prepend_scheme="never", split=False),
        post_processor=unigram_template, added=unigram_added)
variant("unigram-strip-replace-nfkc-metaspace-always-nosplit", unigram,
        normalizer=normalizers.Sequence([normalizers.Strip(), normalizers.Replace(Regex(" {2,}"), " "), normalizers.NFKC()]),
        pre_tokenizer=pre_tokenizers.Metaspace(prepend_scheme="always", split=False),
        post_processor=unigram_template, added=unigram_added)
# Llama-style: no pre-tokenizer, Prepend + Replace write the metaspaces, bytes for unknown scalars,
# and a template with two special tokens before the text, one of them standing for two ids.
variant("unigram-byte-fallback-prepend-replace-template", unigram_model(byte_fallback=True),
        normalizer=normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")]),
        post_processor=processors.TemplateProcessing(
            single="<s> <task> $A </s>", pair="<s> <task> $A </s> $B",
            special_tokens=[("<s>", 0), ("</s>", 2), {"id": "<task>", "ids": [4, 1], "tokens": ["<mask>", "<pad>"]}]),
        added=unigram_added)
# Offset trimming by the ByteLevel and RobertaProcessing post-processors: pieces carry "Ġ" (the
# byte-level space) for spaces, so trimming moves offsets, also inside multi-byte scalars.
with open(os.path.join(FIXTURES, "models", "tiny-xlmr-unigram", "tokenizer.json"), encoding="utf-8") as f:
    g_vocab = [(p.replace("▁", "Ġ"), v) for p, v in json.load(f)["model"]["vocab"]]
g_unigram = models.Unigram(g_vocab, unk_id=3)
g_metaspace = pre_tokenizers.Metaspace(replacement="Ġ", prepend_scheme="always", split=True)
variant("unigram-gspace-bytelevel-trim", g_unigram, pre_tokenizer=g_metaspace,
        post_processor=processors.Sequence([processors.ByteLevel(trim_offsets=True, add_prefix_space=False), unigram_template]),
        added=unigram_added)
variant("unigram-gspace-roberta-trim-prefix", g_unigram, pre_tokenizer=g_metaspace,
        post_processor=processors.RobertaProcessing(("</s>", 2), ("<s>", 0), trim_offsets=True, add_prefix_space=True),
        added=unigram_added)
wordpiece = wordpiece_model()
variant("wordpiece-nfkc-lowercase-strip-whitespacesplit", wordpiece,
        normalizer=normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase(), normalizers.Strip(left=True, right=False)]),
        pre_tokenizer=pre_tokenizers.WhitespaceSplit(),
        post_processor=template("[CLS] [MASK] $A [SEP]", [("[CLS]", 2), ("[MASK]", 4), ("[SEP]", 3)]),
        added=wordpiece_added)
variant("wordpiece-nfd-strip-marks-lowercase", wordpiece,
        normalizer=normalizers.Sequence([normalizers.NFD(), normalizers.Replace(Regex(r"\p{Mn}"), ""), normalizers.Lowercase()]),
        pre_tokenizer=pre_tokenizers.BertPreTokenizer(),
        post_processor=processors.BertProcessing(("[SEP]", 3), ("[CLS]", 2)), added=wordpiece_added)
variant("wordpiece-nfkd-nfc", wordpiece, normalizer=normalizers.Sequence([normalizers.NFKD(), normalizers.NFC()]),
        pre_tokenizer=pre_tokenizers.BertPreTokenizer(), post_processor=wordpiece_template, added=wordpiece_added)
variant("wordpiece-added-token-options", wordpiece, normalizer=normalizers.Lowercase(),
        pre_tokenizer=pre_tokenizers.BertPreTokenizer(), post_processor=wordpiece_template,
        added=wordpiece_added + [AddedToken("<mask>", lstrip=True, special=True, normalized=False),
                                 AddedToken("[rs]", rstrip=True, special=False, normalized=False),
                                 AddedToken("word", single_word=True, special=False, normalized=False),
                                 AddedToken("NoRm", normalized=True, special=False)])
variant("wordpiece-roberta-processing", wordpiece, normalizer=normalizers.Lowercase(),
        pre_tokenizer=pre_tokenizers.BertPreTokenizer(),
        post_processor=processors.RobertaProcessing(("[SEP]", 3), ("[CLS]", 2), trim_offsets=True, add_prefix_space=True),
        added=wordpiece_added)
print("wrote", sorted(os.listdir(OUT)))

# The family fixtures' own tokenizers on more texts: literal added tokens (MPNet's <mask> has
# lstrip, its <unk> is normalized) and runs of code points from U+00A0 to U+2FFF and the
# halfwidth/fullwidth block, which exercise the Precompiled charsmap's rules and graphemes.
import unicodedata
code_point_texts = []
for start in list(range(0xA0, 0x3000, 48)) + list(range(0xFF00, 0xFFF0, 48)):
    chars = [chr(c) for c in range(start, start + 48) if unicodedata.category(chr(c)) not in ("Cs", "Cn")]
    code_point_texts.append("a" + " ".join(chars[:24]) + " b" + "".join(chars[24:]))
added_texts = ["<mask>", "x <mask> y", "x<mask>y", "  <mask>  ", "<unk> [UNK] <UNK> <s></s>", "a <pad> b", "<MASK>"]

def extra_reference(name, model_folder, max_length, extra_texts):
    tok = Tokenizer.from_file(os.path.join(FIXTURES, "models", model_folder, "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=max_length)
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "tokens.jsonl"), "w", encoding="utf-8") as ft, \
         open(os.path.join(folder, "offsets.jsonl"), "w", encoding="utf-8") as fo:
        for text in extra_texts:
            e = tok.encode(text)
            ft.write(json.dumps({"text": text, "tokens": e.tokens, "ids": e.ids}, ensure_ascii=False) + "\n")
            fo.write(json.dumps({"text": text, "offsets": [list(o) for o in e.offsets]}, ensure_ascii=False) + "\n")

extra_reference("tiny-xlmr-unigram-extra", "tiny-xlmr-unigram", 512, texts + added_texts + code_point_texts)
# Not the code-point runs for MPNet: BertNormalizer's Unicode tables are fam-unicode's work (issue 14).
extra_reference("tiny-mpnet-extra", "tiny-mpnet", 512, texts + added_texts)

"""Module-pipeline fixtures on top of models/tiny-bert-mean, made by sentence-transformers itself.

usage: python3 make_module_variants.py   (from anywhere; writes next to this script's Fixtures)

Each variant is a small directory in models/modules/<name>/ whose Transformer module is the
shared tiny BERT (a symlink 0_Transformer -> ../../tiny-bert-mean; sentence-transformers
refuses ".." in module paths), followed by a Pooling module (every mode,
concatenations, include_prompt false), Dense modules (Tanh, Identity, with and without bias)
and Normalize in various orders, and a config_sentence_transformers.json with prompts and a
similarity function. `legacy-*` variants are rewritten into the v2-v4 layout (module types
sentence_transformers.models.*, pooling_mode_* booleans, word_embedding_dimension) and
reloaded, so the reference is what sentence-transformers computes from that layout.

reference/modules/<name>/: embeddings.jsonl (the default prompt), embeddings-<prompt>.jsonl for
each prompt, similarity.json (the model's similarity function over the first 12 texts).
"""
import json, os, shutil
import torch
from sentence_transformers import SentenceTransformer, models

here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.dirname(here)
base = os.path.join(fixtures, "models", "tiny-bert-mean")
texts = [json.loads(l)["text"] for l in open(os.path.join(fixtures, "reference", "tiny-bert-mean", "embeddings.jsonl"), encoding="utf-8")][:60]

PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "Represent this document for retrieval: "}

def dense(n_in, n_out, activation, bias, seed):
    torch.manual_seed(seed)
    layer = models.Dense(n_in, n_out, bias=bias, activation_function=activation)
    with torch.no_grad():
        layer.linear.weight.mul_(3.0)
        if bias:
            layer.linear.bias.add_(torch.randn_like(layer.linear.bias) * 0.2)
    return layer

# name: (pooling modes, include_prompt, extra modules, similarity, prompts, default prompt)
VARIANTS = {
    "cls-dot": ("cls", False, ["normalize"], "dot", {"query": "query: "}, None),
    "max-euclidean": ("max", False, [], "euclidean", {"query": "query: "}, None),
    "mean-manhattan": ("mean", False, [], "manhattan", PROMPTS, "query"),
    "sqrt-dot": ("mean_sqrt_len_tokens", False, [], "dot", {"query": "query: "}, None),
    "weightedmean-cosine": ("weightedmean", False, [], "cosine", {"query": "query: "}, None),
    "lasttoken-cosine": ("lasttoken", False, [], "cosine", {"query": "query: "}, None),
    "dense-tanh-prompts": ("mean", False, [("dense", 16, torch.nn.Tanh(), True), "normalize"], "cosine", PROMPTS, "query"),
    "concat-identity-dot": (("cls", "max", "mean", "mean_sqrt_len_tokens", "weightedmean", "lasttoken"), False,
                            [("dense", 24, torch.nn.Identity(), True), "normalize", ("dense", 8, torch.nn.Identity(), False)],
                            "dot", {"query": "query: "}, "query"),
    "legacy-cls-mean-dense-gelu": (("cls", "mean"), True, [("dense", 12, torch.nn.GELU(), True), "normalize"], None, {}, None),
}

def build(name, spec):
    modes, include_prompt, extra, sim, prompts, default = spec
    d = os.path.join(fixtures, "models", "modules", name)
    shutil.rmtree(d, ignore_errors=True)
    transformer = models.Transformer(base, max_seq_length=64)
    pooling = models.Pooling(32, pooling_mode=modes, include_prompt=include_prompt)
    mods = [transformer, pooling]
    width = pooling.get_embedding_dimension()
    for i, m in enumerate(extra):
        if m == "normalize":
            mods.append(models.Normalize())
        else:
            _, out, act, bias = m
            mods.append(dense(width, out, act, bias, seed=100 + i + len(name)))
            width = out
    kw = {"prompts": prompts, "default_prompt_name": default}
    if sim: kw["similarity_fn_name"] = sim
    st = SentenceTransformer(modules=mods, device="cpu", **kw)
    st.save(d, safe_serialization=True)
    # Point the Transformer at the shared tiny BERT instead of a copy of its 4 MB of weights.
    for f in os.listdir(d):
        if f not in ("modules.json", "config_sentence_transformers.json") and not os.path.isdir(os.path.join(d, f)) or f == "README.md":
            os.remove(os.path.join(d, f))
    module_list = json.load(open(os.path.join(d, "modules.json")))
    module_list[0]["path"] = "0_Transformer"
    os.symlink(os.path.join("..", "..", "tiny-bert-mean"), os.path.join(d, "0_Transformer"))
    if name.startswith("legacy"):
        legacy_layout(d, module_list)
    json.dump(module_list, open(os.path.join(d, "modules.json"), "w"), indent=2)
    return d

def legacy_layout(d, module_list):
    """The v2-v4 layout: sentence_transformers.models.* types, pooling_mode_* booleans."""
    for m in module_list:
        kind = m["type"].rsplit(".", 1)[1]
        m["type"] = f"sentence_transformers.models.{kind}"
        if kind == "Pooling":
            path = os.path.join(d, m["path"], "config.json")
            cfg = json.load(open(path))
            modes = cfg["pooling_mode"] if isinstance(cfg["pooling_mode"], list) else [cfg["pooling_mode"]]
            legacy = {"word_embedding_dimension": cfg["embedding_dimension"]}
            for key, mode in [("pooling_mode_cls_token", "cls"), ("pooling_mode_mean_tokens", "mean"),
                              ("pooling_mode_max_tokens", "max"), ("pooling_mode_mean_sqrt_len_tokens", "mean_sqrt_len_tokens"),
                              ("pooling_mode_weightedmean_tokens", "weightedmean"), ("pooling_mode_lasttoken", "lasttoken")]:
                legacy[key] = mode in modes
            legacy["include_prompt"] = cfg.get("include_prompt", True)
            json.dump(legacy, open(path, "w"), indent=2)

def reference(name, d):
    m = SentenceTransformer(d, device="cpu")
    dest = os.path.join(fixtures, "reference", "modules", name)
    os.makedirs(dest, exist_ok=True)
    def dump(fname, **kw):
        emb = m.encode(texts, batch_size=16, convert_to_numpy=True, **kw)
        with open(os.path.join(dest, fname), "w", encoding="utf-8") as f:
            for t, e in zip(texts, emb):
                f.write(json.dumps({"text": t, "embedding": [float(f"{x:.8g}") for x in e]}, ensure_ascii=False) + "\n")
        return emb
    emb = dump("embeddings.jsonl")
    for p in m.prompts:
        if m.prompts[p]:
            dump(f"embeddings-{p}.jsonl", prompt_name=p)
    sim = m.similarity(emb[:12], emb[:12]).numpy()
    json.dump({"similarity_fn_name": m.similarity_fn_name, "texts": texts[:12],
               "matrix": [[float(f"{x:.8g}") for x in r] for r in sim]},
              open(os.path.join(dest, "similarity.json"), "w", encoding="utf-8"), ensure_ascii=False)

for name, spec in VARIANTS.items():
    reference(name, build(name, spec))
    print("wrote", name)

"""Reference for `semblance train` (issue 17): sentence-transformers' fit() recipe written out
plainly in PyTorch, deterministic (no shuffling, no dropout), on the tiny BERT fixture model.

Run from the repository root:  python3 Tests/Fixtures/generators/make_training_reference.py
Writes Tests/Fixtures/reference/training/:
  pairs.tsv                anchor<TAB>positive, 42 rows (the training data, in file order)
  gradients.safetensors    each parameter's gradient for the first batch (float64 model,
                           stored as F32); word embeddings only for the rows the batch uses
                           (tensor `...word_embeddings.weight.rows` holds their ids)
  run.json                 the recipe, per-step loss / lr / grad_norm for one epoch (float32),
                           and the trained model's embeddings of `texts`

The recipe (what SentenceTransformer.fit() does for MultipleNegativesRankingLoss):
  - parameter groups: names containing "bias", "LayerNorm.bias" or "LayerNorm.weight" get
    weight_decay 0, every other parameter weight_decay (sentence-transformers' no_decay list);
  - torch.optim.AdamW(groups, lr) with default betas/eps;
  - transformers.get_linear_schedule_with_warmup(optimizer, warmup, total_steps);
  - per batch: loss = cross_entropy(scale * cos_sim(anchors, positives), arange(B));
    loss.backward(); clip_grad_norm_(all parameters, max_grad_norm); optimizer.step();
    scheduler.step(); optimizer.zero_grad();
  - batches in file order (no shuffling), the last partial batch kept; model.eval() so no dropout.

The same, for every other family the encoder runs and for Dense modules, each in
Tests/Fixtures/reference/training/<name>/ (`gradients.safetensors` and `run.json` as above,
same pairs.tsv): the parameters are every trainable parameter of the sentence-transformers
model, the transformer's under their transformers names, a Dense module's as
`<folder>.linear.weight` / `.bias`; word and position tables hold only the rows the batch
uses (`<name>.rows` lists them). The trained embeddings are the model's forward pass on the
texts as fit() feeds them (no prompt).

And, for the two bare encoders without a tokenizer (`tiny-distilbert-sinusoidal`, a fixed
sinusoidal position table (frozen, see encoder_gradients) and ReLU; `tiny-roberta-gelu-new`, gelu_new and padding id 3),
`reference/training/encoders/<name>.safetensors`: the MNRL gradients of mean-pooled token
states for fixed id sequences (`ids.<i>`, anchors then positives), float64 model, with the
loss in `loss` (float64 stored as F32 is not enough: also in `encoders/losses.json`).
"""
import json
import os

import torch
from safetensors.torch import save_file
from sentence_transformers import SentenceTransformer
from transformers import get_linear_schedule_with_warmup

ROOT = os.path.join(os.path.dirname(__file__), "..")
MODEL = os.path.join(ROOT, "models", "tiny-bert-mean")
OUT = os.path.join(ROOT, "reference", "training")

SUBJECTS = ["the cat", "a dog", "my friend", "the teacher", "a child", "the farmer", "our neighbour"]
ACTIONS = [("sleeps on the sofa", "is resting on the couch"), ("reads a book", "is reading a novel"),
           ("plays in the park", "is playing outside"), ("cooks dinner", "is making the evening meal"),
           ("drives to work", "goes to the office by car"), ("sings a song", "is singing loudly")]
PAIRS = [(f"{s} {a}", f"{s} {p}") for a, p in ACTIONS for s in SUBJECTS]  # 42 pairs

RECIPE = {"batch_size": 4, "epochs": 1, "lr": 5e-4, "warmup_steps": 3, "weight_decay": 0.01,
          "max_grad_norm": 1.0, "scale": 20.0}
TEXTS = ["the cat sleeps on the sofa", "a dog is playing outside", "the teacher cooks dinner",
         "stock markets fell sharply today", "my friend is reading a novel", "a child sings a song",
         "the farmer drives to work", "rain is expected tomorrow"]


def batches(pairs, size):
    return [pairs[i:i + size] for i in range(0, len(pairs), size)]


def mnrl(model, batch, scale):
    texts = [a for a, _ in batch] + [p for _, p in batch]
    features = model.tokenize(texts)
    out = model(features)["sentence_embedding"]
    a, p = out[: len(batch)], out[len(batch):]
    scores = scale * torch.nn.functional.normalize(a, dim=1) @ torch.nn.functional.normalize(p, dim=1).T
    return torch.nn.functional.cross_entropy(scores, torch.arange(len(batch)))


def gradients():
    model = SentenceTransformer(MODEL, device="cpu").double()
    model.eval()
    batch = batches(PAIRS, RECIPE["batch_size"])[0]
    loss = mnrl(model, batch, RECIPE["scale"])
    loss.backward()
    tensors = {}
    for name, parameter in model[0].auto_model.named_parameters():
        if parameter.grad is None:
            continue
        grad = parameter.grad.detach()
        if name.endswith("word_embeddings.weight"):
            rows = torch.nonzero(grad.abs().sum(dim=1)).flatten()
            tensors[name + ".rows"] = rows.to(torch.float32)
            grad = grad[rows]
        tensors[name] = grad.to(torch.float32).contiguous()
    save_file(tensors, os.path.join(OUT, "gradients.safetensors"))
    return float(loss)


def run():
    torch.manual_seed(0)
    model = SentenceTransformer(MODEL, device="cpu")
    model.eval()  # no dropout
    named = list(model.named_parameters())
    no_decay = ["bias", "LayerNorm.bias", "LayerNorm.weight"]
    groups = [
        {"params": [p for n, p in named if not any(nd in n for nd in no_decay)], "weight_decay": RECIPE["weight_decay"]},
        {"params": [p for n, p in named if any(nd in n for nd in no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=RECIPE["lr"])
    steps = batches(PAIRS, RECIPE["batch_size"])
    total = len(steps) * RECIPE["epochs"]
    scheduler = get_linear_schedule_with_warmup(optimizer, RECIPE["warmup_steps"], total)
    log = []
    for epoch in range(RECIPE["epochs"]):
        for batch in steps:
            lr = scheduler.get_last_lr()[0]
            loss = mnrl(model, batch, RECIPE["scale"])
            loss.backward()
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), RECIPE["max_grad_norm"])
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            log.append({"step": len(log), "epoch": epoch, "loss": float(loss), "lr": lr, "grad_norm": float(norm)})
    with torch.no_grad():
        embeddings = model.encode(TEXTS, convert_to_numpy=True)
    return log, embeddings.tolist()


FAMILIES = {
    # reference folder: model folder under models/
    "tiny-roberta-bpe": "tiny-roberta-bpe",  # RoBERTa, byte-level BPE, CLS + Normalize
    "tiny-xlmr-unigram": "tiny-xlmr-unigram",  # XLM-R, mean
    "tiny-distilbert-dense-prompts": "tiny-distilbert-dense-prompts",  # mean → Dense Tanh → Normalize
    "tiny-mpnet": "tiny-mpnet",  # relative position bias
    "concat-identity-dot": "modules/concat-identity-dot",  # six poolings → Dense → Normalize → Dense (no bias)
    "legacy-cls-mean-dense-gelu": "modules/legacy-cls-mean-dense-gelu",  # cls + mean → Dense GELU → Normalize
}


def semblance_names(model, folder):
    """(Semblance's name, parameter) of every parameter, in named_parameters() order."""
    with open(os.path.join(folder, "modules.json")) as f:
        paths = {str(m["idx"]): m["path"] for m in json.load(f)}
    named = []
    for index, module in model.named_children():
        if hasattr(module, "auto_model"):
            named += [(n, p) for n, p in module.auto_model.named_parameters()]
        else:
            named += [(f"{paths[index]}.{n}", p) for n, p in module.named_parameters()]
    return named


def compressed(name, grad, tables):
    """Only the rows with a gradient, for the big embedding tables."""
    if any(name.endswith(t) for t in tables):
        rows = torch.nonzero(grad.abs().sum(dim=1)).flatten()
        return grad[rows], rows
    return grad, None


def family_gradients(folder, out):
    model = SentenceTransformer(folder, device="cpu").double()
    model.eval()
    batch = batches(PAIRS, RECIPE["batch_size"])[0]
    loss = mnrl(model, batch, RECIPE["scale"])
    loss.backward()
    tensors = {}
    for name, parameter in semblance_names(model, folder):
        if parameter.grad is None or not parameter.requires_grad:
            continue
        grad, rows = compressed(name, parameter.grad.detach(),
                                ("word_embeddings.weight", "position_embeddings.weight"))
        if rows is not None:
            tensors[name + ".rows"] = rows.to(torch.float32)
        tensors[name] = grad.to(torch.float32).contiguous()
    save_file(tensors, os.path.join(out, "gradients.safetensors"))
    return float(loss)


def family_run(folder):
    torch.manual_seed(0)
    model = SentenceTransformer(folder, device="cpu")
    model.eval()
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    no_decay = ["bias", "LayerNorm.bias", "LayerNorm.weight"]
    groups = [
        {"params": [p for n, p in named if not any(nd in n for nd in no_decay)], "weight_decay": RECIPE["weight_decay"]},
        {"params": [p for n, p in named if any(nd in n for nd in no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=RECIPE["lr"])
    steps = batches(PAIRS, RECIPE["batch_size"])
    scheduler = get_linear_schedule_with_warmup(optimizer, RECIPE["warmup_steps"], len(steps) * RECIPE["epochs"])
    log = []
    for epoch in range(RECIPE["epochs"]):
        for batch in steps:
            lr = scheduler.get_last_lr()[0]
            loss = mnrl(model, batch, RECIPE["scale"])
            loss.backward()
            norm = torch.nn.utils.clip_grad_norm_([p for _, p in named], RECIPE["max_grad_norm"])
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            log.append({"step": len(log), "epoch": epoch, "loss": float(loss), "lr": lr, "grad_norm": float(norm)})
    with torch.no_grad():
        # As fit() feeds texts: no prompt (encode() would add the default prompt).
        embeddings = model(model.tokenize(TEXTS))["sentence_embedding"]
    return log, embeddings.tolist()


def families():
    for name, relative in FAMILIES.items():
        folder = os.path.join(ROOT, "models", relative)
        out = os.path.join(OUT, name)
        os.makedirs(out, exist_ok=True)
        first_loss = family_gradients(folder, out)
        log, embeddings = family_run(folder)
        with open(os.path.join(out, "run.json"), "w") as f:
            json.dump({"model": relative, "recipe": RECIPE, "first_batch_loss_float64": first_loss, "steps": log,
                       "texts": TEXTS, "trained_embeddings": embeddings}, f, indent=1)


ENCODERS = ["tiny-distilbert-sinusoidal", "tiny-roberta-gelu-new"]


def encoder_gradients():
    """Bare encoders: MNRL over mean-pooled states of seeded id sequences (pad-free lengths)."""
    from transformers import AutoModel
    out = os.path.join(OUT, "encoders")
    os.makedirs(out, exist_ok=True)
    losses = {}
    for name in ENCODERS:
        model = AutoModel.from_pretrained(os.path.join(ROOT, "models", name)).double()
        model.eval()
        config = model.config
        if getattr(config, "sinusoidal_pos_embds", False):
            # DistilBERT's sinusoidal table is fixed: create_sinusoidal_embeddings sets
            # requires_grad False. transformers 5.24 fills it in _init_weights through a copy and
            # loses the flag (so fit() would train it); the table is frozen here as the
            # architecture defines it, and as Semblance trains it.
            model.embeddings.position_embeddings.weight.requires_grad_(False)
        generator = torch.Generator().manual_seed(7)
        pad = config.pad_token_id
        sequences = []
        for length in [5, 9, 3, 12, 7, 4]:  # 3 anchors, 3 positives
            ids = torch.randint(4, config.vocab_size, (length,), generator=generator)
            ids[ids == pad] = pad + 1
            sequences.append(ids)
        pooled = []
        for ids in sequences:  # one at a time: no padding, as Semblance packs them
            states = model(input_ids=ids[None, :]).last_hidden_state[0]
            pooled.append(states.mean(dim=0))
        pooled = torch.stack(pooled)
        half = len(sequences) // 2
        scores = RECIPE["scale"] * torch.nn.functional.normalize(pooled[:half], dim=1) \
            @ torch.nn.functional.normalize(pooled[half:], dim=1).T
        loss = torch.nn.functional.cross_entropy(scores, torch.arange(half))
        loss.backward()
        tensors = {f"ids.{i}": ids.to(torch.float32) for i, ids in enumerate(sequences)}
        trained = []
        for pname, parameter in model.named_parameters():
            if parameter.grad is None or not parameter.requires_grad or pname.startswith("pooler."):
                continue
            trained.append(pname)
            grad, rows = compressed(pname, parameter.grad.detach(),
                                    ("word_embeddings.weight", "position_embeddings.weight"))
            if rows is not None:
                tensors[pname + ".rows"] = rows.to(torch.float32)
            tensors[pname] = grad.to(torch.float32).contiguous()
        save_file(tensors, os.path.join(out, f"{name}.safetensors"))
        losses[name] = {"loss": float(loss), "trained": trained}
    with open(os.path.join(out, "losses.json"), "w") as f:
        json.dump(losses, f, indent=1)


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "pairs.tsv"), "w") as f:
        for a, p in PAIRS:
            f.write(f"{a}\t{p}\n")
    first_loss = gradients()
    log, embeddings = run()
    with open(os.path.join(OUT, "run.json"), "w") as f:
        json.dump({"recipe": RECIPE, "first_batch_loss_float64": first_loss, "steps": log,
                   "texts": TEXTS, "trained_embeddings": embeddings}, f, indent=1)
    families()
    encoder_gradients()


if __name__ == "__main__":
    main()

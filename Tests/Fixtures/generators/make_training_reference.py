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


if __name__ == "__main__":
    main()

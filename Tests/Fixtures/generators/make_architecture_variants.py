"""Per-layer hidden states from transformers for the encoder settings the family fixtures
leave out, and for tiny-distilbert-dense-prompts' encoder alone (its embeddings pass
through Dense, so its token states are checked here).

usage: python3 make_architecture_variants.py   (from anywhere; writes under Tests/Fixtures)

Made with transformers 5.24.0 / torch 2.15.0 (CPU), seeded. Writes:
- models/tiny-distilbert-sinusoidal/: DistilBERT, `sinusoidal_pos_embds: true`, activation
  relu, tensors saved under the `distilbert.` prefix and WITHOUT the position table
  (transformers then fills it with the sinusoids, as Semblance must);
- models/tiny-roberta-gelu-new/: RoBERTa, `hidden_act: gelu_new`, pad_token_id 3, tensors
  under the `roberta.` prefix; its reference sequences hold the padding id mid-sequence,
  which takes the padding position and does not advance the count;
- reference/<name>/hidden_states.jsonl for those two and for tiny-distilbert-dense-prompts
  and tiny-mpnet: {"ids", "hidden_states"}, hidden_states[0] the embedding output,
  [k] layer k's output, each [tokens][hidden], 7 significant digits.
"""
import json, os
import numpy as np, torch
from safetensors.torch import save_file, load_file
from transformers import (DistilBertConfig, DistilBertModel, RobertaConfig, RobertaModel,
                          AutoModel)

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
torch.manual_seed(14)
rng = np.random.default_rng(14)


def scaled(model, factor=4.0):
    # Random weights scaled up so that a wrong position row or activation shows.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm" in name or "layer_norm" in name:
                p.copy_(1 + 0.3 * torch.randn_like(p)) if name.endswith("weight") else p.copy_(0.3 * torch.randn_like(p))
            else:
                p.mul_(factor)
    return model.eval()


def dump_states(model, sequences, dest):
    os.makedirs(dest, exist_ok=True)
    with open(os.path.join(dest, "hidden_states.jsonl"), "w") as f:
        for ids in sequences:
            with torch.no_grad():
                out = model(input_ids=torch.tensor([ids]), output_hidden_states=True)
            states = [[[float(f"{x:.7g}") for x in row] for row in h[0].tolist()] for h in out.hidden_states]
            f.write(json.dumps({"ids": ids, "hidden_states": states}) + "\n")


def save_model(model, dest, prefix, drop=()):
    os.makedirs(dest, exist_ok=True)
    model.config.save_pretrained(dest)
    tensors = {prefix + k: v.contiguous() for k, v in model.state_dict().items()
               if k not in drop and not k.endswith("position_ids")}
    save_file(tensors, os.path.join(dest, "model.safetensors"), metadata={"format": "pt"})


def random_ids(vocab, lengths, avoid):
    out = []
    for n in lengths:
        ids = [int(x) for x in rng.integers(0, vocab, n)]
        out.append([i if i not in avoid else i + 5 for i in ids])
    return out


# DistilBERT with sinusoidal positions, relu, prefixed names, no stored position table.
name = "tiny-distilbert-sinusoidal"
config = DistilBertConfig(vocab_size=120, dim=32, n_layers=2, n_heads=4, hidden_dim=64,
                          max_position_embeddings=64, sinusoidal_pos_embds=True, activation="relu", pad_token_id=0)
model = scaled(DistilBertModel(config))
with torch.no_grad():  # the scaling above touched the table: put the sinusoids back
    from transformers.models.distilbert.modeling_distilbert import create_sinusoidal_embeddings
    create_sinusoidal_embeddings(64, 32, model.embeddings.position_embeddings.weight)
save_model(model, os.path.join(root, "models", name), "distilbert.", drop={"embeddings.position_embeddings.weight"})
reloaded = AutoModel.from_pretrained(os.path.join(root, "models", name)).eval()
assert torch.equal(reloaded.embeddings.position_embeddings.weight, model.embeddings.position_embeddings.weight), \
    "transformers did not rebuild the sinusoids"
dump_states(reloaded, random_ids(120, [1, 7, 30, 64], ()), os.path.join(root, "reference", name))

# RoBERTa with gelu_new, pad id 3, prefixed names; padding ids inside the sequences.
name = "tiny-roberta-gelu-new"
config = RobertaConfig(vocab_size=150, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                       intermediate_size=64, max_position_embeddings=40, type_vocab_size=1,
                       pad_token_id=3, hidden_act="gelu_new")
model = scaled(RobertaModel(config, add_pooling_layer=False))
save_model(model, os.path.join(root, "models", name), "roberta.")
reloaded = AutoModel.from_pretrained(os.path.join(root, "models", name)).eval()
sequences = random_ids(150, [1, 9, 36], {3})
sequences.append([0, 17, 3, 3, 44, 3, 90, 2])  # padding ids mid-sequence
dump_states(reloaded, sequences, os.path.join(root, "reference", name))

# The family fixtures' encoders alone, on a few of their reference token sequences.
for name in ["tiny-distilbert-dense-prompts", "tiny-mpnet"]:
    lines = [json.loads(l) for l in open(os.path.join(root, "reference", name, "tokens.jsonl"))]
    picks = [lines[i]["ids"] for i in (0, 1, 7)] + [max((l["ids"] for l in lines), key=len)]
    model = AutoModel.from_pretrained(os.path.join(root, "models", name)).eval()
    dump_states(model, picks, os.path.join(root, "reference", name))
print("done")

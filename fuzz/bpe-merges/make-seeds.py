"""Seeds for the bpe-merges fuzz target: settings byte, merge lines, 0x1E, a text.
Run from this folder: python3 make-seeds.py"""
import json
import os

merges = json.load(open("../../Tests/Fixtures/models/tiny-roberta-bpe/tokenizer.json"))["model"]["merges"][:120]
lines = "\n".join(f"{a} {b}" for a, b in merges).encode()
texts = ["Hello, world! I'm here.", "  two  spaces\tand\nlines", "café 日本語 😀👍🏽", "numbers 3.14 and 1,000", ""]
os.makedirs("corpus", exist_ok=True)
for settings in [0, 1, 2, 3, 4 | 32, 8 | 32, 16, 1 | 8 | 32]:
    for index, text in enumerate(texts):
        with open(f"corpus/seed-{settings:02x}-{index}", "wb") as f:
            f.write(bytes([settings]) + lines + b"\x1e" + text.encode())

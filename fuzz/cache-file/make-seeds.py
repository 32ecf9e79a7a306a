#!/usr/bin/env python3
"""Writes the seed corpus of the cache-file fuzz target: edit lists in the format of
main.swift's FuzzEdits (edit byte, row byte, value). Run from anywhere."""
import os, struct, sys

COLUMNS = ["items.position", "items.vector", "items.text", "items.text_hash", "items.corpus", "items.external_id",
           "vectors.vector", "vectors.model", "vectors.precision", "vectors.text_hash", "models.dimension",
           "models.fingerprint", "models.details", "corpora.item_count", "corpora.complete", "corpora.precision",
           "corpora.model", "corpora.sources", "corpora.name"]
SELECTORS = len(COLUMNS) + 2
TYPES = {"integer": 0, "text": 1, "blob": 2, "null": 3}


def kind(selector, value_type):
    """The edit byte: selector = byte % SELECTORS, value type = byte >> 6."""
    for byte in range(TYPES[value_type] * 64, TYPES[value_type] * 64 + 64):
        if byte % SELECTORS == selector:
            return byte
    raise ValueError((selector, value_type))


def set_value(column, row, value):
    selector = COLUMNS.index(column)
    if value is None:
        return bytes([kind(selector, "null"), row])
    if isinstance(value, int):
        return bytes([kind(selector, "integer"), row]) + struct.pack("<q", value)
    raw, value_type = (value.encode(), "text") if isinstance(value, str) else (value, "blob")
    return bytes([kind(selector, value_type), row, len(raw)]) + raw


def delete(table, row):
    return bytes([len(COLUMNS), ["items", "vectors", "models", "corpora"].index(table) + 4 * row])


def patch(offset, byte):
    return bytes([len(COLUMNS) + 1, 0, offset >> 8, offset & 0xFF, byte])


SEEDS = {
    "untouched": b"",
    "position-huge": set_value("items.position", 4, 1 << 62),
    "position-max": set_value("items.position", 4, (1 << 63) - 1),
    "position-gap": set_value("items.position", 2, 7),
    "dimension-huge": set_value("models.dimension", 0, 1 << 62),
    "dimension-zero": set_value("models.dimension", 0, 0),
    "vector-short": set_value("vectors.vector", 1, b"\x00\x00\x80\x3f"),
    "vector-null": set_value("vectors.vector", 3, None),
    "text-invalid-utf8": set_value("items.text", 0, b"\xff\xfe bad"),
    "precision-unknown": set_value("corpora.precision", 0, "f64") + set_value("vectors.precision", 0, "f8"),
    "item-count-huge": set_value("corpora.item_count", 0, 1 << 40) + set_value("corpora.complete", 0, 7),
    "dangling-vector": set_value("items.vector", 1, 999) + delete("vectors", 2),
    "model-deleted": delete("models", 0),
    "sources-not-json": set_value("corpora.sources", 1, "[\"unterminated"),
    "header-byte": patch(18, 0xFF),
    "page-byte": patch(16384 + 100, 0x00),
}


def main(directory):
    os.makedirs(directory, exist_ok=True)
    for name, data in SEEDS.items():
        open(os.path.join(directory, name), "wb").write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus"))

#!/usr/bin/env python3
"""Turns scripts/debian-corpus.sh output into a corpus of distinct sentences, one per line,
for `semblance bench explore` on a corpus of realistic size:

    scripts/debian-corpus.sh | python3 benchmarks/explorer_corpus.py --count 100000 > sentences.txt

Sentences are cut at '. ', '! ' and '? ' inside each package description; ones with fewer
than 4 or more than 40 words are skipped, and each sentence is kept once. Standard library only.
"""
import argparse
import json
import re
import sys

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def sentences(description):
    for sentence in SENTENCE_END.split(" ".join(description.split())):
        words = sentence.split()
        if 4 <= len(words) <= 40:
            yield sentence


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="sentences to write (default 100000)")
    arguments = parser.parse_args()
    seen = set()
    for line_number, line in enumerate(sys.stdin, start=1):
        try:
            text = json.loads(line)["text"]
        except (ValueError, KeyError, TypeError) as error:
            sys.exit(f"explorer_corpus.py: stdin line {line_number}: not a debian-corpus.sh record ({error})")
        for sentence in sentences(text):
            if sentence in seen:
                continue
            seen.add(sentence)
            print(sentence)
            if len(seen) == arguments.count:
                return
    print(f"explorer_corpus.py: only {len(seen)} distinct sentences in the input", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/bin/sh
# Side-by-side speed run on this machine: `semblance bench` (built in release first), then
# the same workload with PyTorch/sentence-transformers and ONNX Runtime, and the tokenizers
# library's batch throughput on the same texts.
#
#   benchmarks/run.sh [--model DIR | --synthetic minilm|bert-base] [--input FILE]
#                     [--batch-size N] [--threads N] [--runs N] [--singles N]
#
# Every argument goes to both sides. ROUNDS=3 benchmarks/run.sh … alternates the two
# sides three times, so that a change in the machine's load shows up in both.
# Figures taken while anything else runs are not comparable: check the uptime lines.
set -eu
cd "$(dirname "$0")/.."

swift build -c release --product semblance >&2
python_ready=yes
if ! python3 -c "import torch, sentence_transformers, onnxruntime" 2>/dev/null; then
    python_ready=no
    echo "note: python3 with torch, sentence-transformers and onnxruntime not found; only semblance runs" >&2
fi

round=1
while [ "$round" -le "${ROUNDS:-1}" ]; do
    echo "== round $round: semblance ($(uptime | sed 's/.*load/load/'))"
    .build/release/semblance bench "$@"
    if [ "$python_ready" = yes ]; then
        echo "== round $round: python ($(uptime | sed 's/.*load/load/'))"
        python3 benchmarks/python_bench.py "$@" 2> /tmp/semblance-python-bench.log \
            || { cat /tmp/semblance-python-bench.log >&2; exit 1; }
        python3 benchmarks/tokenizer_bench.py "$@"
    fi
    round=$((round + 1))
done

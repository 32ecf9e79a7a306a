#!/usr/bin/env bash
# The fault matrix: damaged models, hostile inputs and interrupted work, run against the
# real binary. Prints one line per case, PASS or FAIL and what was checked; exits 1 if any
# case failed. `make faults` builds the release binary first.
#
#   scripts/faults.sh [--seed N]      (SEMBLANCE_BIN overrides .build/release/semblance)
#
# Every error case must end with a status of 1..125 (not a signal, not the timeout) and
# exactly one line on stderr that names what is wrong. Needs python3 (to craft files).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${SEMBLANCE_BIN:-$ROOT/.build/release/semblance}
SEED=${FAULTS_SEED:-$(date +%s)}
[[ ${1:-} == --seed ]] && SEED=$2
TINY=$ROOT/Tests/Fixtures/models/tiny-bert-mean
DEFAULT_MODEL=${SEMBLANCE_MODEL:-${XDG_DATA_HOME:-$HOME/.local/share}/semblance/models/all-MiniLM-L6-v2}
TIME_LIMIT=120

[[ -x $BIN ]] || { echo "faults.sh: $BIN not built (make faults builds it)" >&2; exit 2; }
command -v python3 > /dev/null || { echo "faults.sh: needs python3 to craft the damaged files" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/semblance-faults.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RANDOM=$SEED
PASSED=0 FAILED=0 SKIPPED=0

report() {  # report PASS|FAIL|SKIP CASE DETAIL
    printf '%-4s  %-44s  %s\n' "$1" "$2" "$3"
    case $1 in PASS) ((PASSED++)) ;; FAIL) ((FAILED++)) ;; *) ((SKIPPED++)) ;; esac
}

# run_bin ARGS…: runs the binary with a time limit; sets STATUS, OUT (stdout file), ERR (stderr text).
run_bin() {
    OUT=$WORK/stdout
    timeout -s KILL "$TIME_LIMIT" "$BIN" "$@" > "$OUT" 2> "$WORK/stderr" < /dev/null
    STATUS=$?
    ERR=$(cat "$WORK/stderr")
}

# expect_error CASE NEEDLE ARGS…: a clean failure whose one stderr line contains NEEDLE.
expect_error() {
    local name=$1 needle=$2; shift 2
    run_bin "$@"
    local lines
    lines=$(grep -c '' <<< "$ERR")
    if ((STATUS >= 128 || STATUS == 0 || STATUS > 125)); then
        report FAIL "$name" "status $STATUS (want a clean error); stderr: ${ERR:0:160}"
    elif [[ $lines -ne 1 || $ERR != *"$needle"* ]]; then
        report FAIL "$name" "status $STATUS but stderr is not one line naming '$needle': ${ERR:0:200}"
    elif [[ -s $OUT ]]; then
        report FAIL "$name" "status $STATUS but printed $(wc -c < "$OUT") bytes on stdout"
    else
        report PASS "$name" "status $STATUS: ${ERR:0:150}"
    fi
}

# model_copy NAME: a fresh copy of the tiny fixture model; prints its path.
model_copy() {
    rm -rf "${WORK:?}/$1"
    cp -r "$TINY" "$WORK/$1"
    echo "$WORK/$1"
}

# safetensors_edit FILE PYTHON: runs PYTHON with `header` (dict), `data` (bytearray of the
# data region) and helpers, then writes the file back (header padded to 8 bytes).
safetensors_edit() {
    python3 - "$1" "$2" << 'EOF'
import json, struct, sys
path, code = sys.argv[1], sys.argv[2]
raw = open(path, "rb").read()
length = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + length])
data = bytearray(raw[8 + length:])
header_length = None
def set_float(tensor, index, value):
    begin = header[tensor]["data_offsets"][0] + 4 * index
    data[begin:begin + 4] = struct.pack("<f", value)
exec(code)
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
prefix = struct.pack("<Q", header_length if header_length is not None else len(text))
open(path, "wb").write(prefix + text + bytes(data))
EOF
}

# ---------------------------------------------------------------- damaged weights
weights_cases() {
    local model size header_end point points=() i
    model=$(model_copy weights)
    size=$(stat -c %s "$TINY/model.safetensors")
    header_end=$((8 + $(python3 -c "import struct,sys; print(struct.unpack('<Q', open(sys.argv[1],'rb').read(8))[0])" "$TINY/model.safetensors")))
    # Ten cuts: one inside the length field, two inside the JSON header, seven in the data.
    points+=($((RANDOM % 8)))
    for i in 1 2; do points+=($((8 + (RANDOM * 32768 + RANDOM) % (header_end - 8)))); done
    for i in 1 2 3 4 5 6 7; do points+=($((header_end + (RANDOM * 32768 + RANDOM) % (size - header_end)))); done
    for point in "${points[@]}"; do
        head -c "$point" "$TINY/model.safetensors" > "$model/model.safetensors"
        expect_error "safetensors truncated at $point of $size bytes" "model.safetensors" encode hello --model "$model"
    done

    cp "$TINY/model.safetensors" "$model/model.safetensors"
    safetensors_edit "$model/model.safetensors" 'header_length = (1 << 63) - 1'
    expect_error "header length 2^63-1" "header length" encode hello --model "$model"

    cp "$TINY/model.safetensors" "$model/model.safetensors"
    safetensors_edit "$model/model.safetensors" \
        'header["embeddings.word_embeddings.weight"]["data_offsets"] = [0, 1 << 62]'
    expect_error "data_offsets ending at 2^62" "outside the data region" encode hello --model "$model"

    cp "$TINY/model.safetensors" "$model/model.safetensors"
    safetensors_edit "$model/model.safetensors" \
        'header["embeddings.word_embeddings.weight"]["shape"] = [1 << 40, 1 << 40, 1 << 40]'
    expect_error "shape 2^40 x 2^40 x 2^40 (overflows)" "too large" encode hello --model "$model"

    cp "$TINY/model.safetensors" "$model/model.safetensors"
    safetensors_edit "$model/model.safetensors" \
        'header["embeddings.word_embeddings.weight"]["shape"] = [1 << 30, 1 << 30]'
    expect_error "shape 2^30 x 2^30 (4 EiB claimed)" "does not match shape" encode hello --model "$model"

    cp "$TINY/model.safetensors" "$model/model.safetensors"
    safetensors_edit "$model/model.safetensors" 'set_float("encoder.layer.0.attention.self.query.weight", 17, float("nan"))'
    expect_error "NaN weight" 'tensor "encoder.layer.0.attention.self.query.weight" holds nan at element 17' \
        encode hello --model "$model"

    cp "$TINY/model.safetensors" "$model/model.safetensors"
    safetensors_edit "$model/model.safetensors" 'set_float("encoder.layer.1.output.dense.bias", 3, float("-inf"))'
    expect_error "-Inf weight" 'tensor "encoder.layer.1.output.dense.bias" holds -inf at element 3' \
        encode hello --model "$model"

    cp "$TINY/model.safetensors" "$model/model.safetensors"
    safetensors_edit "$model/model.safetensors" \
        '[set_float("embeddings.LayerNorm.weight", i, 3e38) for i in range(32)]'
    expect_error "finite weights overflowing to Inf" "NaN or infinite values for text 1" encode hello --model "$model"
}

# ---------------------------------------------------------------- damaged vocabularies
vocabulary_cases() {
    local model
    model=$(model_copy vocab-json)
    python3 - "$model/tokenizer.json" << 'EOF'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
# A second "hello" with another id, as a hand-edited file would have it.
text = text.replace('"hello": 7592,', '"hello": 7592, "hello": 30000,', 1)
open(path, "w", encoding="utf-8").write(text)
EOF
    expect_error "tokenizer.json vocab with a duplicate token" 'duplicate token "hello"' encode hello --model "$model"

    model=$(model_copy vocab-txt)
    python3 - "$model" << 'EOF'
import json, os, sys
model = sys.argv[1]
vocab = json.load(open(os.path.join(model, "tokenizer.json"), encoding="utf-8"))["model"]["vocab"]
tokens = [token for token, _ in sorted(vocab.items(), key=lambda item: item[1])]
tokens[2000] = "the"  # "the" is also line 1997
open(os.path.join(model, "vocab.txt"), "w", encoding="utf-8").write("\n".join(tokens) + "\n")
os.remove(os.path.join(model, "tokenizer.json"))
EOF
    expect_error "vocab.txt with a duplicate token" 'vocab.txt:2001: duplicate token "the"' encode hello --model "$model"
}

# ---------------------------------------------------------------- hostile inputs
large_input_cases() {
    if [[ ! -f $DEFAULT_MODEL/model.safetensors ]]; then
        report SKIP "5 MB single-line input" "no default model at $DEFAULT_MODEL (make model)"
        return
    fi
    python3 -c "
import random, sys
random.seed(int(sys.argv[1]))
words = ['semantic', 'search', 'naïve', 'café', '日本語', 'embedding', 'vectors', 'x' * 150, 'unbelievably', ',', '!']
out, size = [], 0
while size < 5 * 1024 * 1024:
    word = random.choice(words); out.append(word); size += len(word.encode()) + 1
open(sys.argv[2], 'w').write(' '.join(out))
" "$SEED" "$WORK/big.txt"
    local bytes seconds rss dims
    bytes=$(stat -c %s "$WORK/big.txt")
    /usr/bin/time -f '%e %M' -o "$WORK/time" timeout -s KILL "$TIME_LIMIT" \
        "$BIN" encode --input "$WORK/big.txt" --model "$DEFAULT_MODEL" > "$WORK/big.out" 2> "$WORK/big.err"
    STATUS=$?
    read -r seconds rss < <(tail -n 1 "$WORK/time")
    dims=$(python3 -c "
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print(len(rows), len(rows[0]['embedding']) if rows else 0, all(len(r['text'].encode()) == int(sys.argv[2]) for r in rows))
" "$WORK/big.out" "$bytes" 2> /dev/null)
    if [[ $STATUS -eq 0 && $dims == "1 384 True" ]]; then
        report PASS "5 MB single-line input (encode)" "$bytes bytes → 1 vector of 384 in ${seconds}s, peak RSS $((rss / 1024)) MB"
    else
        report FAIL "5 MB single-line input (encode)" "status $STATUS, output rows/dims/text-kept: '$dims'; $(head -c 160 "$WORK/big.err")"
    fi

    /usr/bin/time -f '%e %M' -o "$WORK/time" timeout -s KILL "$TIME_LIMIT" \
        "$BIN" tokenize --input "$WORK/big.txt" --model "$DEFAULT_MODEL" > "$WORK/big.out" 2> "$WORK/big.err"
    STATUS=$?
    read -r seconds rss < <(tail -n 1 "$WORK/time")
    local tokens
    tokens=$(python3 -c "import json,sys; print(len(json.loads(open(sys.argv[1]).readline())['ids']))" "$WORK/big.out" 2> /dev/null)
    if [[ $STATUS -eq 0 && $tokens == 256 ]]; then
        report PASS "5 MB single-line input (tokenize)" "truncated to 256 tokens in ${seconds}s, peak RSS $((rss / 1024)) MB"
    else
        report FAIL "5 MB single-line input (tokenize)" "status $STATUS, $tokens tokens; $(head -c 160 "$WORK/big.err")"
    fi

    printf '{"text": "%s"}\n' "$(tr -d '"\\' < "$WORK/big.txt")" > "$WORK/big.jsonl"
    /usr/bin/time -f '%e %M' -o "$WORK/time" timeout -s KILL "$TIME_LIMIT" \
        "$BIN" encode --input "$WORK/big.jsonl" --input-format jsonl --format csv --model "$DEFAULT_MODEL" \
        > "$WORK/big.out" 2> "$WORK/big.err"
    STATUS=$?
    read -r seconds rss < <(tail -n 1 "$WORK/time")
    if [[ $STATUS -eq 0 && $(wc -l < "$WORK/big.out") -eq 1 ]]; then
        report PASS "5 MB single-line input (jsonl)" "1 row in ${seconds}s, peak RSS $((rss / 1024)) MB"
    else
        report FAIL "5 MB single-line input (jsonl)" "status $STATUS; $(head -c 160 "$WORK/big.err")"
    fi
}

echo "fault matrix: $BIN, seed $SEED"
weights_cases
vocabulary_cases
large_input_cases
echo "passed $PASSED, failed $FAILED, skipped $SKIPPED"
((FAILED == 0))

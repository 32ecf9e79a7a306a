#!/usr/bin/env bash
# The fault matrix: damaged models, hostile inputs and interrupted work, run against the
# real binary. Prints one line per case, PASS or FAIL and what was checked; exits 1 if any
# case failed. `make faults` builds the release binary first.
#
#   scripts/faults.sh [--seed N] [GROUP…]   groups: see ALL_GROUPS below (default: all)
#   SEMBLANCE_BIN overrides .build/release/semblance; the seed makes the random cuts repeatable.
#
# Every error case must end with a status of 1..125 (not a signal, not the timeout) and
# exactly one line on stderr that names what is wrong. Interrupted indexing must leave a
# cache that opens, verifies and completes on a rerun exactly as a clean run would.
# Needs python3 (to craft files and read the cache); the disk-full case needs root (tmpfs).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${SEMBLANCE_BIN:-$ROOT/.build/release/semblance}
SEED=${FAULTS_SEED:-$(date +%s)}
ALL_GROUPS=(weights vocabulary configs modules inputs cache network explorer explorerstate themes io cachefiles cachecontent imports postgres training)
GROUPS_CHOSEN=()
while [[ $# -gt 0 ]]; do
    case $1 in
    --seed) SEED=$2; shift 2 ;;
    *)
        [[ " ${ALL_GROUPS[*]} " == *" $1 "* ]] || { echo "faults.sh: unknown argument '$1' (groups: ${ALL_GROUPS[*]})" >&2; exit 2; }
        GROUPS_CHOSEN+=("$1"); shift ;;
    esac
done
((${#GROUPS_CHOSEN[@]})) || GROUPS_CHOSEN=("${ALL_GROUPS[@]}")
TINY=$ROOT/Tests/Fixtures/models/tiny-bert-mean
DEFAULT_MODEL=${SEMBLANCE_MODEL:-${XDG_DATA_HOME:-$HOME/.local/share}/semblance/models/all-MiniLM-L6-v2}
TIME_LIMIT=120

[[ -x $BIN ]] || { echo "faults.sh: $BIN not built (make faults builds it)" >&2; exit 2; }
command -v python3 > /dev/null || { echo "faults.sh: needs python3 to craft the damaged files" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/semblance-faults.XXXXXX")
MOUNTED= TMUX_SERVER=
trap '[[ -n $MOUNTED ]] && umount "$MOUNTED"; [[ -n $TMUX_SERVER ]] && tmux -L "$TMUX_SERVER" kill-server 2> /dev/null; rm -rf "$WORK"' EXIT
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

# ---------------------------------------------------------------- mistyped sentence-transformers configs
# config_case NAME FILE JSON NEEDLE: the tiny model with FILE replaced by JSON must fail naming FILE and the field.
config_case() {
    local model
    model=$(model_copy config-case)
    printf '%s' "$3" > "$model/$2"
    expect_error "$1" "$2: $4" encode hello --model "$model"
}

config_cases() {
    config_case "sentence_bert_config do_lower_case \"yes\"" sentence_bert_config.json '{"do_lower_case": "yes"}' \
        'field "do_lower_case" must be a boolean (found a string)'
    config_case "sentence_bert_config max_seq_length \"256\"" sentence_bert_config.json '{"max_seq_length": "256"}' \
        'field "max_seq_length" must be an integer (found a string)'
    config_case "pooling_mode_mean_tokens: 1" 1_Pooling/config.json '{"word_embedding_dimension": 32, "pooling_mode_mean_tokens": 1}' \
        'field "pooling_mode_mean_tokens" must be a boolean (found a number)'
    config_case "modules.json not an array" modules.json '{"0": {"path": ""}}' 'must hold an array (found an object)'
    config_case "modules.json module without path" modules.json \
        '[{"type": "sentence_transformers.models.Transformer"}]' 'field "[0].path" is missing'
    config_case "default_prompt_name not a string" config_sentence_transformers.json '{"default_prompt_name": 1}' \
        'field "default_prompt_name" must be a string (found a number)'
}

# ---------------------------------------------------------------- Dense modules, prompts, similarity functions
# dense_model NAME: the tiny model followed by the Dense (32→16 Tanh) of the dense-tanh-prompts
# fixture and its prompts; prints its path.
dense_model() {
    local model
    model=$(model_copy "$1")
    cp -r "$ROOT/Tests/Fixtures/models/modules/dense-tanh-prompts/2_Dense" "$model/2_Dense"
    cp "$ROOT/Tests/Fixtures/models/modules/dense-tanh-prompts/config_sentence_transformers.json" "$model/"
    cat > "$model/modules.json" << 'EOF'
[{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.base.modules.transformer.Transformer"},
 {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling"},
 {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.base.modules.dense.Dense"}]
EOF
    echo "$model"
}

modules_cases() {
    local model
    # A Dense made for a cls+mean pooling (64 inputs) after the tiny model's mean pooling (32).
    model=$(dense_model dense-in)
    rm -r "$model/2_Dense"
    cp -r "$ROOT/Tests/Fixtures/models/modules/legacy-cls-mean-dense-gelu/2_Dense" "$model/2_Dense"
    expect_error "Dense in_features ≠ the pooled dimension" \
        '2_Dense/config.json: field "in_features" is 64, but the module before it gives 32-dimensional vectors' encode hello --model "$model"
    model=$(dense_model dense-out)
    sed -i 's/"out_features": 16/"out_features": 8/' "$model/2_Dense/config.json"
    expect_error "Dense weights ≠ out_features" '2_Dense/model.safetensors: field "linear.weight" has shape [16, 32]' \
        encode hello --model "$model"
    model=$(dense_model dense-pickled)
    mv "$model/2_Dense/model.safetensors" "$model/2_Dense/pytorch_model.bin"
    expect_error "Dense with pytorch_model.bin only" '2_Dense/pytorch_model.bin: pickled PyTorch weights are not read; convert them' \
        encode hello --model "$model"
    model=$(dense_model dense-activation)
    sed -i 's/torch.nn.modules.activation.Tanh/my_package.Swish/' "$model/2_Dense/config.json"
    expect_error "Dense activation not torch's" '2_Dense/config.json: field "activation_function" names "my_package.Swish"' \
        encode hello --model "$model"
    model=$(dense_model dense-prompt)
    expect_error "--prompt-name the model does not define" \
        '--prompt-name querry: '"$model"'/config_sentence_transformers.json: field "prompts" defines no prompt "querry"' \
        encode hello --model "$model" --prompt-name querry
    expect_error "--prompt-name with a model without prompts" 'defines no prompt "nope"' \
        similarity a b --model "$TINY" --prompt-name nope
    expect_error "--quantize other than int8" '--quantize takes int8 (got "int4")' \
        encode hello --model "$TINY" --quantize int4
    config_case "similarity_fn_name unknown" config_sentence_transformers.json '{"similarity_fn_name": "cos_sim"}' \
        'field "similarity_fn_name" is "cos_sim" (supported: cosine, dot, euclidean, manhattan)'
    config_case "default_prompt_name not in prompts" config_sentence_transformers.json \
        '{"default_prompt_name": "query", "prompts": {"passage": "p: "}}' 'field "default_prompt_name" names prompt "query"'
    config_case "include_prompt not a boolean" 1_Pooling/config.json '{"embedding_dimension": 32, "include_prompt": "no"}' \
        'field "include_prompt" must be a boolean (found a string)'
    config_case "pooling_mode unknown" 1_Pooling/config.json '{"embedding_dimension": 32, "pooling_mode": "attention"}' \
        'unsupported pooling mode "attention"'
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

# ---------------------------------------------------------------- the vector cache
# check_corpus DB CORPUS SOURCE [REFERENCE_DB]: prints what the database holds for CORPUS and
# exits 0 only if it is exactly SOURCE's non-blank lines in order, complete, every item's
# vector present once, and (given REFERENCE_DB, a cache of a clean run over the same texts)
# every vector bit-identical to the one the clean run stored for that text (the encoder sums
# every result in the same order whatever else is in the batch).
check_corpus() {
    python3 - "$@" << 'PYTHON'
import sqlite3, struct, sys
path, corpus, source = sys.argv[1:4]
reference = sys.argv[4] if len(sys.argv) > 4 else None
lines = [line for line in open(source, encoding="utf-8").read().split("\n") if line.strip()]
db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
row = db.execute("SELECT id, item_count, complete, model, precision FROM corpora WHERE name = ?", (corpus,)).fetchone()
if row is None:
    print(f"no corpus {corpus}")
    sys.exit(1)
cid, count, complete, model, precision = row
items = db.execute("SELECT position, text FROM items WHERE corpus = ? ORDER BY position", (cid,)).fetchall()
exact = [text for _, text in items] == lines and [p for p, _ in items] == list(range(len(lines)))
orphans = db.execute("SELECT count(*) FROM items i LEFT JOIN vectors v ON v.id = i.vector "
                     "WHERE i.corpus = ? AND v.id IS NULL", (cid,)).fetchone()[0]
duplicates = db.execute("SELECT count(*) - count(DISTINCT text_hash) FROM vectors WHERE model = ? AND precision = ?",
                        (model, precision)).fetchone()[0]
summary = (f"{len(items)}/{len(lines)} items, in order: {'yes' if exact else 'NO'}, complete: {complete}, "
           f"duplicate vectors: {duplicates}, missing vectors: {orphans}")
ok = exact and complete == 1 and count == len(lines) and duplicates == 0 and orphans == 0
if reference:
    query = ("SELECT v.text_hash, v.vector FROM items i JOIN vectors v ON v.id = i.vector "
             "JOIN corpora c ON c.id = i.corpus WHERE c.name = ?")
    mine = dict(db.execute(query, (corpus,)))
    # The reference cache holds one model's f32 vectors of the same texts, whatever the corpus name.
    theirs = dict(sqlite3.connect(f"file:{reference}?mode=ro", uri=True).execute("SELECT text_hash, vector FROM vectors"))
    # Texts encoded in other batches than in the clean run (a rerun, or reused from another
    # corpus) still get the same bits: a text's vector does not depend on its batch.
    def values(blob):
        return struct.unpack(f"<{len(blob) // 4}f", blob) if blob else ()
    missing = sum(1 for key in mine if key not in theirs)
    identical = sum(1 for key, blob in mine.items() if theirs.get(key) == blob)
    worst = max((max((abs(a - b) for a, b in zip(values(blob), values(theirs[key]))), default=0.0)
                 for key, blob in mine.items() if key in theirs), default=0.0)
    summary += (f", vectors vs a clean run's: {identical}/{len(mine)} bit-identical, worst |Δ| {worst:.1e}"
                + (f", {missing} unknown" if missing else ""))
    ok = ok and missing == 0 and identical == len(mine)
print(summary)
sys.exit(0 if ok else 1)
PYTHON
}

# index_bg DB CORPUS FILE: starts `semblance index` in the background; sets INDEX_PID.
index_bg() {
    "$BIN" index --corpus "$2" "$3" --model "$TINY" --cache "$1" --quiet > "$WORK/index.out" 2> "$WORK/index.err" < /dev/null &
    INDEX_PID=$!
}

# random_delay MAX_MS: a random time in [0.05 s, MAX_MS ms), printed as seconds for sleep.
random_delay() {
    local ms=$((50 + (RANDOM * 32768 + RANDOM) % ($1 - 50)))
    printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

cache_cases() {
    # One BLAS thread: the tiny model's matrices are too small to share, and on a busy
    # machine worker threads wait for a core (the vectors are the same either way).
    export OPENBLAS_NUM_THREADS=1
    python3 -c "
import sys
lines = [line.strip() for line in open(sys.argv[1], encoding='utf-8') if line.strip()]
with open(sys.argv[2], 'w', encoding='utf-8') as out:
    for i in range(6000):
        out.write(f'{lines[i % len(lines)]} (variant {i})\n')
" "$ROOT/samples/teaching.txt" "$WORK/corpus.txt"
    head -n 300 "$WORK/corpus.txt" > "$WORK/small.txt"
    REFERENCE=$WORK/reference.sqlite
    local started clean_ms
    started=$(date +%s%N)
    if ! "$BIN" index --corpus c "$WORK/corpus.txt" --model "$TINY" --cache "$REFERENCE" --quiet > /dev/null 2> "$WORK/index.err"; then
        report FAIL "cache: clean index of 6000 lines" "$(head -c 200 "$WORK/index.err")"
        return
    fi
    clean_ms=$((($(date +%s%N) - started) / 1000000))
    ((clean_ms > 100)) || clean_ms=100

    # A corpus file deleted, then one truncated in place, while it is being indexed.
    local mode db outcome delay
    for mode in deleted truncated; do
        db=$WORK/$mode.sqlite
        cp "$WORK/corpus.txt" "$WORK/victim.txt"
        delay=$(random_delay "$clean_ms")
        index_bg "$db" c "$WORK/victim.txt"
        sleep "$delay"
        if [[ $mode == deleted ]]; then rm -f "$WORK/victim.txt"; else : > "$WORK/victim.txt"; fi
        wait "$INDEX_PID"
        STATUS=$?
        ERR=$(cat "$WORK/index.err")
        outcome=
        if ((STATUS == 0)) && outcome=$(check_corpus "$db" c "$WORK/corpus.txt"); then
            report PASS "corpus file $mode while indexing" "after ${delay}s: completed from what it read: $outcome"
        elif ((STATUS >= 1 && STATUS <= 125)) && [[ $(grep -c '' <<< "$ERR") -eq 1 ]] \
            && "$BIN" cache verify --cache "$db" > /dev/null 2>&1; then
            report PASS "corpus file $mode while indexing" "after ${delay}s: clean error (${ERR:0:90}); cache verifies"
        else
            report FAIL "corpus file $mode while indexing" "after ${delay}s: status $STATUS: ${ERR:0:200} $outcome"
        fi
    done

    # SIGKILL at a random point, then a rerun: the corpus must come out exactly as a clean run.
    local run rerun killed_status reused how
    for run in 1 2 3 4 5 6 7 8 9 10; do
        db=$WORK/killed-$run.sqlite
        delay=$(random_delay "$clean_ms")
        index_bg "$db" c "$WORK/corpus.txt"
        sleep "$delay"
        kill -KILL "$INDEX_PID" 2> /dev/null
        wait "$INDEX_PID" 2> /dev/null
        killed_status=$?
        how="killed"
        ((killed_status == 137)) || how="finished (status $killed_status) before the kill"
        outcome=
        if ! rerun=$("$BIN" index --corpus c "$WORK/corpus.txt" --model "$TINY" --cache "$db" --quiet 2>&1); then
            report FAIL "SIGKILL during indexing, run $run" "$how after ${delay}s; rerun failed: ${rerun:0:200}"
        elif ! outcome=$(check_corpus "$db" c "$WORK/corpus.txt" "$REFERENCE"); then
            report FAIL "SIGKILL during indexing, run $run" "$how after ${delay}s; after the rerun: $outcome"
        elif ! "$BIN" cache verify --cache "$db" > /dev/null 2>&1; then
            report FAIL "SIGKILL during indexing, run $run" "$how after ${delay}s; cache verify fails"
        else
            reused=$(sed -n 's/.* \([0-9]*\) reused.*/\1/p' <<< "$rerun")
            report PASS "SIGKILL during indexing, run $run" "$how after ${delay}s, rerun reused ${reused:-?}: $outcome"
        fi
    done

    disk_full_case
    locked_case
}

# Disk full: the cache on a 4 MB tmpfs (mounting needs root; skipped otherwise).
disk_full_case() {
    local mount=$WORK/tmpfs db outcome= listed
    mkdir -p "$mount"
    if ! mount -t tmpfs -o size=4m semblance-faults "$mount" 2> /dev/null; then
        report SKIP "disk full during indexing" "cannot mount a tmpfs here (needs root)"
        return
    fi
    MOUNTED=$mount
    db=$mount/cache.sqlite
    "$BIN" index --corpus small "$WORK/small.txt" --model "$TINY" --cache "$db" --quiet > /dev/null 2>&1
    "$BIN" index --corpus big "$WORK/corpus.txt" --model "$TINY" --cache "$db" --quiet > "$WORK/index.out" 2> "$WORK/index.err"
    STATUS=$?
    ERR=$(cat "$WORK/index.err")
    if ((STATUS < 1 || STATUS > 125)) || [[ $(grep -c '' <<< "$ERR") -ne 1 || $ERR != *"disk is full"* ]]; then
        report FAIL "disk full during indexing: error" "status $STATUS: ${ERR:0:200}"
    else
        report PASS "disk full during indexing: error" "status $STATUS: ${ERR:0:140}"
    fi
    listed=$("$BIN" cache list --cache "$db" 2>&1)
    if outcome=$(check_corpus "$db" small "$WORK/small.txt") && "$BIN" cache verify --cache "$db" > /dev/null 2>&1 \
        && grep -q "^big .*(incomplete)" <<< "$listed"; then
        report PASS "disk full: cache opens, nothing lost" "other corpus: $outcome; the cut one is listed incomplete; verify ok"
    else
        report FAIL "disk full: cache opens, nothing lost" "$outcome / $(tr '\n' ' ' <<< "$listed" | head -c 200)"
    fi
    mount -o remount,size=64m "$mount"
    outcome=
    if "$BIN" index --corpus big "$WORK/corpus.txt" --model "$TINY" --cache "$db" --quiet > "$WORK/index.out" 2>&1 \
        && outcome=$(check_corpus "$db" big "$WORK/corpus.txt" "$REFERENCE"); then
        report PASS "disk full: rerun with space completes" "$(sed -n 's/.*items, \(.*reused\).*/\1/p' "$WORK/index.out"); $outcome"
    else
        report FAIL "disk full: rerun with space completes" "$(head -c 200 "$WORK/index.out") $outcome"
    fi
    umount "$mount" && MOUNTED=
}

# Another process holds the write lock for longer than the busy timeout (30 s).
locked_case() {
    local db=$WORK/locked.sqlite started elapsed locker search_status outcome
    "$BIN" index --corpus small "$WORK/small.txt" --model "$TINY" --cache "$db" --quiet > /dev/null 2>&1
    python3 -c "
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute('BEGIN IMMEDIATE')
connection.execute('UPDATE corpora SET updated = updated')
print('locked', flush=True)
time.sleep(45)
" "$db" > "$WORK/locker.out" &
    locker=$!
    while [[ ! -s $WORK/locker.out ]] && kill -0 "$locker" 2> /dev/null; do sleep 0.1; done
    "$BIN" search --corpus small "a question about whales" -k 3 --model "$TINY" --cache "$db" > "$WORK/search.out" 2>&1
    search_status=$?
    started=$(date +%s%N)
    run_bin index --corpus other "$WORK/small.txt" --model "$TINY" --cache "$db" --quiet
    elapsed=$((($(date +%s%N) - started) / 1000000))
    kill "$locker" 2> /dev/null
    wait "$locker" 2> /dev/null
    if ((search_status == 0)); then
        report PASS "locked cache: search still reads" "a writer's lock does not block readers (WAL)"
    else
        report FAIL "locked cache: search still reads" "status $search_status: $(head -c 160 "$WORK/search.out")"
    fi
    if ((STATUS >= 1 && STATUS <= 125)) && [[ $(grep -c '' <<< "$ERR") -eq 1 && $ERR == *locked* ]]; then
        report PASS "locked cache beyond the busy timeout" "status $STATUS after $((elapsed / 1000)).$((elapsed % 1000 / 100)) s: ${ERR:0:110}"
    else
        report FAIL "locked cache beyond the busy timeout" "status $STATUS after ${elapsed} ms: ${ERR:0:200}"
    fi
    if outcome=$(check_corpus "$db" small "$WORK/small.txt"); then
        report PASS "locked cache: intact afterwards" "$outcome"
    else
        report FAIL "locked cache: intact afterwards" "$outcome"
    fi
}

# ---------------------------------------------------------------- cache files
# The cache path and its neighbours: runs of one corpus serialised, impossible schema
# versions, paths that are not regular files, read-only caches, missing directories.

# hold_corpus DB CORPUS: takes the corpus lock `index` takes (an OFD lock on one byte of
# DB.lock at 62 bits of the name's SHA-256), as another run would, until release_corpus.
# Synchronised through FIFOs: returns once the lock is held, no sleeping.
hold_corpus() {
    rm -f "$WORK/holder.in" "$WORK/holder.out"
    mkfifo "$WORK/holder.in" "$WORK/holder.out"
    python3 -c "
import fcntl, hashlib, os, struct, sys
fd = os.open(sys.argv[1] + '.lock', os.O_RDWR | os.O_CREAT, 0o644)
offset = int.from_bytes(hashlib.sha256(sys.argv[2].encode()).digest()[:8], 'big') >> 2
fcntl.fcntl(fd, fcntl.F_OFD_SETLKW, struct.pack('hhxxxxqqixxxx', fcntl.F_WRLCK, os.SEEK_SET, offset, 1, 0))
print('locked', flush=True)
sys.stdin.read()
" "$1" "$2" < "$WORK/holder.in" > "$WORK/holder.out" &
    HOLDER_PID=$!
    exec 7> "$WORK/holder.in"
    read -r _ < "$WORK/holder.out"
}
release_corpus() {
    exec 7>&-
    wait "$HOLDER_PID"
}

# start_waiting NAME ARGS…: starts the binary in the background with stderr on a FIFO, and
# returns when it has said it waits (or ended); sets WAIT_PID_<NAME>, WAITED_<NAME>.
start_waiting() {
    local name=$1; shift
    rm -f "$WORK/$name.err"
    mkfifo "$WORK/$name.err"
    # 7>&-: the holder's stdin must see its end when the script closes it, not stay open here.
    "$BIN" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" < /dev/null 7>&- &
    printf -v "WAIT_PID_$name" '%s' $!
    local fd line
    exec {fd}< "$WORK/$name.err"
    printf -v "WAIT_FD_$name" '%s' "$fd"
    IFS= read -r line <&"$fd"
    printf -v "WAITED_$name" '%s' "$line"
}
# finish_waiting NAME: waits for it; sets STATUS and ERR (all of its stderr).
finish_waiting() {
    local pid_var=WAIT_PID_$1 fd_var=WAIT_FD_$1 waited_var=WAITED_$1 rest
    rest=$(cat <&"${!fd_var}")
    eval "exec ${!fd_var}<&-"
    wait "${!pid_var}" 2> /dev/null
    STATUS=$?
    ERR=${!waited_var}${rest:+$'\n'$rest}
}

cachefiles_cases() {
    export OPENBLAS_NUM_THREADS=1
    python3 -c "
import sys
lines = [line.strip() for line in open(sys.argv[1], encoding='utf-8') if line.strip()]
with open(sys.argv[2], 'w', encoding='utf-8') as out:
    for i in range(1500):
        out.write(f'{lines[i % len(lines)]} (variant {i})\n')
" "$ROOT/samples/teaching.txt" "$WORK/cf-big.txt"
    head -n 100 "$WORK/cf-big.txt" > "$WORK/cf-small.txt"
    local db outcome big_status

    # Two runs of one corpus at once: both started while the corpus is held, so they overlap.
    db=$WORK/cf-two.sqlite
    "$BIN" index --corpus other "$WORK/cf-small.txt" --model "$TINY" --cache "$db" --quiet > /dev/null 2>&1
    hold_corpus "$db" shared
    start_waiting big index --corpus shared "$WORK/cf-big.txt" --model "$TINY" --cache "$db" --quiet
    start_waiting small index --corpus shared "$WORK/cf-small.txt" --model "$TINY" --cache "$db" --quiet
    local said="$WAITED_big / $WAITED_small"
    release_corpus
    finish_waiting big; big_status=$STATUS
    finish_waiting small
    if [[ $said != waiting:*" / "waiting:* ]]; then
        report FAIL "cachefiles: two index runs of one corpus" "did not both wait: ${said:0:200}"
    elif ((big_status != 0 || STATUS != 0)); then
        report FAIL "cachefiles: two index runs of one corpus" "status $big_status/$STATUS: ${ERR:0:200}"
    elif ! "$BIN" cache verify --cache "$db" > /dev/null 2>&1; then
        report FAIL "cachefiles: two index runs of one corpus" "cache verify fails: $("$BIN" cache verify --cache "$db" 2>&1 | head -c 200)"
    elif outcome=$(check_corpus "$db" shared "$WORK/cf-small.txt") || outcome=$(check_corpus "$db" shared "$WORK/cf-big.txt"); then
        report PASS "cachefiles: two index runs of one corpus" "both waited, ran in turn; corpus is one file exactly: $outcome"
    else
        report FAIL "cachefiles: two index runs of one corpus" "a mix of both files: $outcome"
    fi

    # cache remove while the corpus is being indexed: waits, then removes; never a raw constraint error.
    db=$WORK/cf-remove.sqlite
    "$BIN" index --corpus shared "$WORK/cf-small.txt" --model "$TINY" --cache "$db" --quiet > /dev/null 2>&1
    hold_corpus "$db" shared
    start_waiting indexer index --corpus shared "$WORK/cf-big.txt" --model "$TINY" --cache "$db" --quiet
    start_waiting remover cache remove shared --cache "$db"
    said="$WAITED_indexer / $WAITED_remover"
    release_corpus
    finish_waiting indexer; big_status=$STATUS
    finish_waiting remover
    if [[ $said != waiting:*" / "waiting:* ]]; then
        report FAIL "cachefiles: cache remove during index" "did not both wait: ${said:0:200}"
    elif ((big_status != 0 || STATUS != 0)) || [[ $ERR == *constraint* ]]; then
        report FAIL "cachefiles: cache remove during index" "status $big_status/$STATUS: ${ERR:0:200}"
    elif "$BIN" cache verify --cache "$db" > /dev/null 2>&1; then
        report PASS "cachefiles: cache remove during index" "both waited, ran in turn: $(head -c 90 "$WORK/remover.out"); verify ok"
    else
        report FAIL "cachefiles: cache remove during index" "cache verify fails"
    fi

    # A run killed while it holds the corpus leaves no lock behind (the kernel drops it).
    db=$WORK/cf-killed.sqlite
    hold_corpus "$db" shared
    start_waiting victim index --corpus shared "$WORK/cf-big.txt" --model "$TINY" --cache "$db" --quiet
    release_corpus
    sleep "$(random_delay 1500)"  # fault injection: a random moment of the run, not synchronisation
    {  # (bash's "Killed" notice for the job goes to /dev/null too)
        kill -KILL "$WAIT_PID_victim"
        finish_waiting victim
    } 2> /dev/null
    run_bin index --corpus shared "$WORK/cf-big.txt" --model "$TINY" --cache "$db"
    if ((STATUS == 0)) && [[ $ERR != *waiting* ]] && outcome=$(check_corpus "$db" shared "$WORK/cf-big.txt"); then
        report PASS "cachefiles: killed run leaves no stale lock" "rerun went ahead at once: $outcome"
    else
        report FAIL "cachefiles: killed run leaves no stale lock" "status $STATUS: ${ERR:0:200} $outcome"
    fi

    # Impossible schema versions and foreign or damaged schemas: refused before anything is written.
    local base=$WORK/cf-base.sqlite damage before
    "$BIN" index --corpus c "$WORK/cf-small.txt" --model "$TINY" --cache "$base" --quiet > /dev/null 2>&1
    python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA wal_checkpoint(TRUNCATE)')" "$base"
    local sql label needle
    for damage in "user_version -1|PRAGMA user_version = -1|schema version -1" \
        "user_version 2^31-1|PRAGMA user_version = 2147483647|newer than this semblance" \
        "application_id 1234|PRAGMA application_id = 1234|another program" \
        "no weight_hashes table|DROP TABLE weight_hashes|no table \"weight_hashes\"" \
        "a trigger|CREATE TRIGGER t AFTER INSERT ON items BEGIN DELETE FROM items; END|a trigger"; do
        db=$WORK/cf-damaged.sqlite
        IFS='|' read -r label sql needle <<< "$damage"
        cp "$base" "$db"
        python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()" "$db" "$sql"
        before=$(sha256sum < "$db")
        local args
        for args in "index --corpus c $WORK/cf-small.txt --model $TINY --quiet" "cache vacuum" "cache remove c" \
            "search --corpus c whales --model $TINY" "cache list" "cache verify"; do
            # shellcheck disable=SC2086
            expect_error "cachefiles: $label: ${args%% --*}" "$needle" $args --cache "$db"
        done
        [[ $(sha256sum < "$db") == "$before" ]] || report FAIL "cachefiles: $label: file unchanged" "the file was modified"
    done

    # Paths that are not regular files: refused before SQLite opens them (a FIFO used to hang).
    local special kind beside_null
    beside_null=$(ls -d /dev/null?* 2> /dev/null)
    for special in fifo socket devnull directory wal-fifo; do
        db=$WORK/cf-$special.sqlite
        rm -rf "$db" "$db"-*
        case $special in
        fifo) mkfifo "$db"; kind="FIFO" ;;
        socket) python3 -c "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$db"; kind="a socket" ;;
        devnull) ln -s /dev/null "$db"; kind="character device" ;;
        directory) mkdir "$db"; kind="is a directory" ;;
        wal-fifo) cp "$base" "$db"; mkfifo "$db-wal"; kind="-wal is a FIFO" ;;
        esac
        for args in "index --corpus c $WORK/cf-small.txt --model $TINY --quiet" "search --corpus c whales --model $TINY" \
            "cache list" "cache verify"; do
            # shellcheck disable=SC2086
            expect_error "cachefiles: $special as cache: ${args%% --*}" "$kind" $args --cache "$db"
        done
    done
    if [[ $(ls -d /dev/null?* 2> /dev/null) != "$beside_null" ]]; then
        report FAIL "cachefiles: nothing created beside /dev/null" "$(ls -d /dev/null?* 2>&1 | tr '\n' ' ')"
    else
        report PASS "cachefiles: nothing created beside /dev/null" "no /dev/null-journal, -wal or .lock"
    fi

    # A link to a regular file is used through its target: side files beside the real file.
    mkdir -p "$WORK/cf-real"
    cp "$base" "$WORK/cf-real/cache.sqlite"
    ln -sfn "$WORK/cf-real/cache.sqlite" "$WORK/cf-link.sqlite"
    run_bin index --corpus linked "$WORK/cf-small.txt" --model "$TINY" --cache "$WORK/cf-link.sqlite" --quiet
    if ((STATUS == 0)) && [[ -L $WORK/cf-link.sqlite && -e $WORK/cf-real/cache.sqlite.lock && ! -e $WORK/cf-link.sqlite.lock ]] \
        && outcome=$(check_corpus "$WORK/cf-real/cache.sqlite" linked "$WORK/cf-small.txt"); then
        report PASS "cachefiles: link to a cache file" "used through its target, side files beside it: $outcome"
    else
        report FAIL "cachefiles: link to a cache file" "status $STATUS: ${ERR:0:150} $outcome"
    fi

    # An explicit --cache in a missing directory: an error, nothing created.
    expect_error "cachefiles: --cache in a missing directory" "does not exist" \
        index --corpus c "$WORK/cf-small.txt" --model "$TINY" --cache "$WORK/cf-missing/dir/c.sqlite" --quiet
    [[ -e $WORK/cf-missing ]] && report FAIL "cachefiles: missing directory not created" "$WORK/cf-missing exists"

    # Read-only by permission bits (a directory, then a file): reads work and create nothing.
    local target reading
    for target in directory file; do
        mkdir -p "$WORK/cf-ro-$target"
        db=$WORK/cf-ro-$target/cache.sqlite
        cp "$base" "$db"
        if [[ $target == directory ]]; then chmod 555 "$WORK/cf-ro-$target"; else chmod 444 "$db"; fi
        read_only_reads "read-only $target (mode bits)" "$db"
        chmod 755 "$WORK/cf-ro-$target"
        chmod 644 "$db"
    done
    read_only_mount_cases
}

# read_only_reads LABEL DB: search, list, info and verify succeed and leave no new file;
# index says read-only.
read_only_reads() {
    local label=$1 db=$2 before failed= args
    before=$(ls -a "$(dirname "$db")")
    for args in "search --corpus c whales --model $TINY" "cache list" "cache info c" "cache verify"; do
        # shellcheck disable=SC2086
        run_bin $args --cache "$db"
        ((STATUS == 0)) || failed+="${args%% --*}: status $STATUS: ${ERR:0:100}; "
    done
    [[ $(ls -a "$(dirname "$db")") == "$before" ]] || failed+="files created: $(ls -a "$(dirname "$db")" | tr '\n' ' ')"
    if [[ -z $failed ]]; then
        report PASS "cachefiles: $label: reads" "search, list, info, verify work; nothing created"
    else
        report FAIL "cachefiles: $label: reads" "$failed"
    fi
    expect_error "cachefiles: $label: index" "read-only" index --corpus c2 "$WORK/cf-small.txt" --model "$TINY" --cache "$db" --quiet
}

# A real read-only mount (tmpfs remounted ro; needs root): a settled cache, then one whose
# write-ahead log still holds a batch (readable through its -shm), then a log without -shm.
read_only_mount_cases() {
    local mount=$WORK/cf-rofs
    mkdir -p "$mount"
    if ! mount -t tmpfs -o size=16m semblance-cachefiles "$mount" 2> /dev/null; then
        report SKIP "cachefiles: read-only mount" "cannot mount a tmpfs here (needs root)"
        return
    fi
    MOUNTED=$mount
    cp "$WORK/cf-base.sqlite" "$mount/cache.sqlite"
    # A cache whose last batch is still in its WAL: the writer dies without checkpointing.
    cp "$WORK/cf-base.sqlite" "$mount/logged.sqlite"
    python3 -c "
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('UPDATE corpora SET updated = \'logged\' WHERE name = \'c\'')
os._exit(0)
" "$mount/logged.sqlite"
    mkdir "$mount/nolog" && cp "$mount/logged.sqlite" "$mount/logged.sqlite-wal" "$mount/nolog/"
    mount -o remount,ro "$mount"
    read_only_reads "read-only mount" "$mount/cache.sqlite"
    run_bin cache info c --cache "$mount/logged.sqlite"
    if ((STATUS == 0)) && grep -q "updated: *logged" "$OUT"; then
        report PASS "cachefiles: read-only mount, WAL holding changes" "read through its -shm, last batch included"
    else
        report FAIL "cachefiles: read-only mount, WAL holding changes" "status $STATUS: ${ERR:0:150} $(grep updated "$OUT")"
    fi
    expect_error "cachefiles: read-only mount, WAL without -shm" "write-ahead log" cache list --cache "$mount/nolog/logged.sqlite"
    umount "$mount" && MOUNTED=
}

# ---------------------------------------------------------------- no network
# Every command that loads a model or the cache, traced: not one internet socket is opened.
network_cases() {
    if ! command -v strace > /dev/null; then
        report SKIP "no network at run time" "strace is not installed"
        return
    fi
    local db=$WORK/network.sqlite trace=$WORK/strace.txt sockets failed=
    printf 'one text\nanother text\n' > "$WORK/network.txt"
    local commands=(
        "encode hello --model $TINY"
        "tokenize hello --model $TINY"
        "similarity a b --model $TINY"
        "explain a b --model $TINY"
        "index --corpus n $WORK/network.txt --model $TINY --cache $db --quiet"
        "search --corpus n text --model $TINY --cache $db"
        "cache list --cache $db"
    )
    local command
    for command in "${commands[@]}"; do
        # shellcheck disable=SC2086
        if ! strace -f -qq -e trace=socket -o "$trace" "$BIN" $command > /dev/null 2>&1; then
            failed+="'$command' failed; "
        fi
        sockets=$(grep -c 'socket(AF_INET' "$trace")
        ((sockets == 0)) || failed+="'$command' opened $sockets internet sockets; "
    done
    if [[ -z $failed ]]; then
        report PASS "no network at run time" "${#commands[@]} commands traced (strace -f): no AF_INET/AF_INET6 socket"
    else
        report FAIL "no network at run time" "${failed:0:200}"
    fi
}

# ---------------------------------------------------------------- CLI input and output
# check CASE CONDITION-STATUS DETAIL-IF-PASS DETAIL-IF-FAIL: reports PASS when the status is 0.
check() {
    if [[ $2 -eq 0 ]]; then report PASS "$1" "$3"; else report FAIL "$1" "$4"; fi
}

# json_text FILE: the "text" field of every line of FILE, as Python's json reads it (repr, one per line).
json_texts() {
    python3 -c "
import json, sys
for line in open(sys.argv[1], encoding='utf-8'):
    print(repr(json.loads(line)['text']))
" "$1"
}

# no_raw_controls FILE: true when FILE holds no C0 control but newline, no DEL, C1 or bidi override.
no_raw_controls() {
    python3 -c "
import sys, re
text = open(sys.argv[1], encoding='utf-8').read()
sys.exit(1 if re.search('[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]', text) else 0)
" "$1"
}

io_cases() {
    local dir=$WORK/io status reader
    mkdir -p "$dir"

    # --output never replaces what is not a regular file.
    printf 'old\n' > "$dir/target.jsonl"
    ln -s target.jsonl "$dir/link.jsonl"
    run_bin encode hello --model "$TINY" --output "$dir/link.jsonl"
    [[ $STATUS -eq 0 && -L $dir/link.jsonl && $(head -c 16 "$dir/target.jsonl") == '{"text":"hello",' ]]
    check "--output through a symlink" $? "status 0, the link stays a link, its target holds the vectors" \
        "status $STATUS, link: $(stat -c %F "$dir/link.jsonl"), target: $(head -c 40 "$dir/target.jsonl"); ${ERR:0:120}"

    mkfifo "$dir/out.fifo"
    timeout -s KILL "$TIME_LIMIT" cat "$dir/out.fifo" > "$dir/fifo.out" &
    reader=$!
    run_bin encode hello --model "$TINY" --output "$dir/out.fifo"
    wait "$reader"
    [[ $STATUS -eq 0 && -p $dir/out.fifo && $(head -c 16 "$dir/fifo.out") == '{"text":"hello",' ]]
    check "--output into a FIFO" $? "status 0, streamed to the reader, the FIFO stays a FIFO" \
        "status $STATUS, now a $(stat -c %F "$dir/out.fifo"), reader got $(wc -c < "$dir/fifo.out") bytes; ${ERR:0:120}"

    # As root, a private node with /dev/null's numbers: a broken binary must not replace the real one.
    local device=/dev/null
    if [[ $(id -u) -eq 0 ]] && mknod -m 666 "$dir/null" c 1 3; then device=$dir/null; fi
    run_bin encode hello --model "$TINY" --output "$device"
    [[ $STATUS -eq 0 && -c $device ]]
    check "--output into a character device" $? "status 0, $device is still a character device" \
        "status $STATUS, $device is now a $(stat -c %F "$device"); ${ERR:0:120}"

    expect_error "--output naming a directory" "is a directory" encode hello --model "$TINY" --output "$dir"

    # Descriptor links name an open file (their target reads pipe:[…]): written through it.
    local shell_out shell_status
    shell_out=$(timeout -s KILL "$TIME_LIMIT" "$BIN" encode hello --model "$TINY" --output /dev/stdout 2> "$WORK/stderr" | cat)
    shell_status=${PIPESTATUS[0]}
    [[ $shell_status -eq 0 && ${shell_out:0:16} == '{"text":"hello",' ]]
    check "--output /dev/stdout into a pipe" $? "status 0, the pipe got the vectors" "status $shell_status: $(head -c 150 "$WORK/stderr")"
    printf 'old\n' > "$dir/appended.jsonl"
    local inode_before
    inode_before=$(stat -c %i "$dir/appended.jsonl")
    timeout -s KILL "$TIME_LIMIT" "$BIN" encode hello --model "$TINY" --output /dev/stdout >> "$dir/appended.jsonl" 2> "$WORK/stderr"
    shell_status=$?
    [[ $shell_status -eq 0 && $(head -n 1 "$dir/appended.jsonl") == old && $(sed -n 2p "$dir/appended.jsonl" | head -c 16) == '{"text":"hello",' && $(stat -c %i "$dir/appended.jsonl") == "$inode_before" ]]
    check "--output /dev/stdout >> file" $? "status 0, appended to the shell's file (same inode)" \
        "status $shell_status, file: $(head -c 60 "$dir/appended.jsonl" | tr '\n' ' '); $(head -c 150 "$WORK/stderr")"
    printf 'old\n' > "$dir/stderr.jsonl"
    inode_before=$(stat -c %i "$dir/stderr.jsonl")
    timeout -s KILL "$TIME_LIMIT" "$BIN" encode hello --model "$TINY" --output /dev/stderr > "$WORK/stdout" 2>> "$dir/stderr.jsonl"
    shell_status=$?
    [[ $shell_status -eq 0 && $(head -n 1 "$dir/stderr.jsonl") == old && $(sed -n 2p "$dir/stderr.jsonl" | head -c 16) == '{"text":"hello",' && $(stat -c %i "$dir/stderr.jsonl") == "$inode_before" ]]
    check "--output /dev/stderr 2>> file" $? "status 0, appended to stderr's file (same inode)" "status $shell_status: $(head -c 150 "$dir/stderr.jsonl")"
    timeout -s KILL "$TIME_LIMIT" bash -c '"$0" encode hello --model "$1" --output >(cat > "$2"); status=$?; wait $!; exit $status' \
        "$BIN" "$TINY" "$dir/substituted.jsonl" > "$WORK/stdout" 2> "$WORK/stderr"
    shell_status=$?
    [[ $shell_status -eq 0 && $(head -c 16 "$dir/substituted.jsonl") == '{"text":"hello",' ]]
    check "--output >(cat) (process substitution)" $? "status 0, the reader got the vectors" "status $shell_status: $(head -c 150 "$WORK/stderr")"

    # A closed stdout: results have nowhere to go, so a clear error (they were thrown away with status 0).
    for command in "encode hello" "similarity a b"; do
        timeout -s KILL "$TIME_LIMIT" bash -c "exec \"\$0\" $command --model \"\$1\" >&-" "$BIN" "$TINY" 2> "$WORK/stderr"
        STATUS=$? ERR=$(cat "$WORK/stderr")
        [[ $STATUS -ge 1 && $STATUS -le 125 && $(grep -c '' <<< "$ERR") -eq 1 && $ERR == *"standard output is closed"* ]]
        check "$command with stdout closed (>&-)" $? "status $STATUS: ${ERR:0:100}" "status $STATUS: ${ERR:0:200}"
    done

    # Standard input closed or a directory: a clear error, not a trap.
    local name redirect
    for name in closed directory; do
        if [[ $name == closed ]]; then redirect='<&-'; else redirect='< /tmp'; fi
        timeout -s KILL "$TIME_LIMIT" bash -c "exec \"\$0\" encode --model \"\$1\" $redirect" "$BIN" "$TINY" \
            > "$WORK/stdout" 2> "$WORK/stderr"
        STATUS=$? ERR=$(cat "$WORK/stderr")
        [[ $STATUS -ge 1 && $STATUS -le 125 && $(grep -c '' <<< "$ERR") -eq 1 && $ERR == *"standard input is ${name/directory/a directory}"* ]]
        check "encode with stdin $name ($redirect)" $? "status $STATUS: ${ERR:0:100}" "status $STATUS: ${ERR:0:200}"
    done

    # No arithmetic on user numbers traps.
    expect_error "encode --batch-size 2^60" "--batch-size must be between" encode x --model "$TINY" --batch-size 1152921504606846976
    expect_error "eval sts --batch-size 0 (looped before)" "--batch-size must be between" eval sts x.csv --model "$TINY" --batch-size 0
    expect_error "search -k 2^63-1" "-k must be between" search --corpus c q -k 9223372036854775807 --model "$TINY"
    expect_error "bench explore --size 10^11 squared" "--size must look like" bench explore --size 99999999999x99999999999
    expect_error "bench search --rows × --dimension" "--rows × --dimension" bench search --rows 100000000 --dimension 65536
    expect_error "inspect -k 2^63-1" "-k must be between" inspect --corpus c -k 9223372036854775807 --model "$TINY"
    expect_error "bench inspect --items × --dimension" "--items × --dimension" bench inspect --items 10000000 --dimension 65536
    expect_error "similarity --centre without --corpus" "--centre needs --corpus" similarity --centre a b --model "$TINY"

    # NUL and BOMs round-trip byte for byte: one leading BOM dropped, every other kept.
    printf '\xef\xbb\xbffirst\na\x00b\n\xef\xbb\xbfsecond BOM is text\n' > "$dir/texts.txt"
    printf '\xef\xbb\xbf"first"\n"a\\u0000b"\n"\xef\xbb\xbfraw BOM inside"\n{"text": "\\ufeffescaped"}\n' > "$dir/texts.jsonl"
    local want_txt want_jsonl got command
    want_txt=$'\'first\'\n\'a\\x00b\'\n\'\\ufeffsecond BOM is text\''
    want_jsonl=$'\'first\'\n\'a\\x00b\'\n\'\\ufeffraw BOM inside\'\n\'\\ufeffescaped\''
    for command in encode tokenize; do
        run_bin "$command" --model "$TINY" --input "$dir/texts.txt"
        got=$(json_texts "$OUT" 2>&1)
        [[ $STATUS -eq 0 && $got == "$want_txt" ]]
        check "$command: NUL and BOMs of a .txt round-trip" $? "texts $(tr '\n' ' ' <<< "$got")" "status $STATUS, texts $(tr '\n' ' ' <<< "$got"); ${ERR:0:100}"
        run_bin "$command" --model "$TINY" --input "$dir/texts.jsonl" --input-format jsonl
        got=$(json_texts "$OUT" 2>&1)
        [[ $STATUS -eq 0 && $got == "$want_jsonl" ]]
        check "$command: NUL and BOMs of a .jsonl round-trip" $? "texts $(tr '\n' ' ' <<< "$got")" "status $STATUS, texts $(tr '\n' ' ' <<< "$got"); ${ERR:0:100}"
    done

    # JSON ids keep their text as written.
    printf '{"text": "one", "id": true}\n{"text": "two", "id": 1.50}\n' > "$dir/ids.jsonl"
    "$BIN" index --corpus ids "$dir/ids.jsonl" --id-field id --model "$TINY" --cache "$dir/ids.sqlite" --quiet > /dev/null 2>&1
    run_bin search --corpus ids one --model "$TINY" --cache "$dir/ids.sqlite" --format jsonl
    got=$(python3 -c "import json,sys; print(sorted(json.loads(l)['id'] for l in open(sys.argv[1])))" "$OUT" 2>&1)
    [[ $STATUS -eq 0 && $got == "['1.50', 'true']" ]]
    check "JSON ids true and 1.50 kept as written" $? "ids $got" "status $STATUS, ids $got; ${ERR:0:100}"

    # Terminal escapes in texts are shown, not obeyed, in every table; JSON stays exact.
    local hostile=$'red \e[31malert\e[0m \e]0;title\a \xc2\x9b2J \xe2\x80\xaegnp.exe'
    run_bin similarity --model "$TINY" "$hostile" plain
    no_raw_controls "$OUT" && [[ $STATUS -eq 0 ]] && grep -q '␛\[31malert' "$OUT"
    check "similarity table with ESC, C1, bidi in a text" $? "no raw control in the table: $(sed -n 3p "$OUT" | head -c 70)" "status $STATUS: $(od -c "$OUT" | head -3 | tr -s ' ' | tr '\n' ' ')"
    # ESC inside a word (the tokenizer drops it, the word's span keeps it), C1 too.
    run_bin explain --model "$TINY" $'ab\ecd \xc2\x9bef '"$hostile" plain --pairs
    no_raw_controls "$OUT" && [[ $STATUS -eq 0 ]]
    check "explain table with ESC, C1, bidi in a text" $? "no raw control in the report" "status $STATUS: $(od -c "$OUT" | head -3 | tr -s ' ' | tr '\n' ' ')"
    python3 -c "
import json, sys
print(json.dumps({'text': sys.argv[1], 'id': '\x1b[2J'}))
print(json.dumps({'text': 'another line', 'id': 'x'}))" "$hostile" > "$dir/hostile.jsonl"
    "$BIN" index --corpus hostile "$dir/hostile.jsonl" --id-field id --model "$TINY" --cache "$dir/h.sqlite" --quiet > /dev/null 2>&1
    run_bin search --corpus hostile alert --model "$TINY" --cache "$dir/h.sqlite"
    no_raw_controls "$OUT" && [[ $STATUS -eq 0 ]] && grep -q '␛\[2J' "$OUT"
    check "search table with ESC in texts and ids" $? "no raw control: $(sed -n 2p "$OUT" | head -c 70)" "status $STATUS: $(od -c "$OUT" | head -3 | tr -s ' ' | tr '\n' ' ')"
    run_bin search --corpus hostile alert --model "$TINY" --cache "$dir/h.sqlite" --format jsonl
    got=$(python3 -c "import json,sys; print(any(json.loads(l)['text'] == sys.argv[2] for l in open(sys.argv[1])))" "$OUT" "$hostile" 2>&1)
    check "search jsonl keeps the hostile text exact" "$([[ $got == True ]]; echo $?)" "byte-exact" "got $got; ${ERR:0:100}"
    expect_error "error naming a file with ESC and a newline" $'/nonexistent/␛[2Jx␊y.txt' encode --model "$TINY" --input $'/nonexistent/\e[2Jx\ny.txt'

    # eval sts: undefined correlations and bad scores are errors that say why; a header is skipped.
    printf 'a,b,1\n' > "$dir/one.csv"
    expect_error "eval sts: one pair" "a correlation needs at least 2" eval sts "$dir/one.csv" --model "$TINY" --quiet
    printf 'a,b,2\nc,d,2\ne,f,2\n' > "$dir/constant.csv"
    expect_error "eval sts: constant gold scores" "every gold score is the same" eval sts "$dir/constant.csv" --model "$TINY" --quiet
    local score
    for score in nan inf -inf 1e999; do
        printf 'a,b,1\nc,d,%s\n' "$score" > "$dir/bad.csv"
        expect_error "eval sts: score $score" "bad.csv:2: score \"$score\" is not a finite number" eval sts "$dir/bad.csv" --model "$TINY" --quiet
    done
    printf 'sentence1,sentence2,score\na,b,1\nc,d,3\ne,f,2\n' > "$dir/header.csv"
    run_bin eval sts "$dir/header.csv" --model "$TINY" --quiet
    [[ $STATUS -eq 0 && $(head -n 1 "$OUT") == "Spearman × 100: "* ]]
    check "eval sts: a header row is skipped" $? "$(head -n 1 "$OUT")" "status $STATUS: ${ERR:0:150}"

    # train: refused before the first step, nothing written.
    printf 'a cat,the cat\n' > "$dir/one-pair.csv"
    expect_error "train: a single pair" "MultipleNegativesRankingLoss needs at least 2" \
        train --pairs "$dir/one-pair.csv" --model "$TINY" --output "$dir/trained-1" --quiet
    printf 'a cat,the cat\nrain,\n' > "$dir/blank-side.csv"
    expect_error "train: an empty side" "blank-side.csv:2: the positive is empty" \
        train --pairs "$dir/blank-side.csv" --model "$TINY" --output "$dir/trained-2" --quiet
    printf 'a cat,the cat\nrain,it rains\n' > "$dir/two-pairs.csv"
    mkdir -p "$dir/trained-exists"
    expect_error "train: an existing output" "exists: pass --overwrite" \
        train --pairs "$dir/two-pairs.csv" --model "$TINY" --output "$dir/trained-exists" --quiet
    expect_error "train: --batch-size 1" "needs at least 2 pairs in a batch" \
        train --pairs "$dir/two-pairs.csv" --model "$TINY" --output "$dir/trained-3" --batch-size 1 --quiet
    [[ -e $dir/trained-1 || -e $dir/trained-2 || -e $dir/trained-3 ]] && report FAIL "train: refused runs write nothing" "an output directory exists"

    # A FIFO as input is read as a stream (it said "You don't have permission" as root).
    mkfifo "$dir/in.fifo"
    timeout -s KILL "$TIME_LIMIT" bash -c 'printf "from a fifo\n" > "$0"' "$dir/in.fifo" &
    run_bin encode --model "$TINY" --input "$dir/in.fifo"
    wait
    [[ $STATUS -eq 0 && $(head -c 21 "$OUT") == '{"text":"from a fifo"' ]]
    check "encode --input a FIFO" $? "read as a stream" "status $STATUS: ${ERR:0:150}"
    # index reads each file twice (to check, then to store): a FIFO's one read must serve both.
    timeout -s KILL "$TIME_LIMIT" bash -c 'printf "one\ntwo\n" > "$0"' "$dir/in.fifo" &
    run_bin index --corpus fifo "$dir/in.fifo" --model "$TINY" --cache "$dir/fifo.sqlite" --quiet
    wait
    grep -q ': 2 items' "$OUT"
    check "index FILE a FIFO" "$((STATUS + $?))" "status 0: $(head -c 60 "$OUT")" "status $STATUS: $(head -c 60 "$OUT") ${ERR:0:150}"
    # One stream named twice would be read once and indexed twice: refused before any read.
    expect_error "index the same FIFO twice" "named more than once" index --corpus twice "$dir/in.fifo" "$dir/in.fifo" --model "$TINY" --cache "$dir/twice.sqlite" --quiet
    ln -sf in.fifo "$dir/in-link.fifo"
    expect_error "index a FIFO and a link to it" "the same FIFO or device as" index --corpus twice "$dir/in.fifo" "$dir/in-link.fifo" --model "$TINY" --cache "$dir/twice.sqlite" --quiet

    # Names are shown with their escapes visible in every human-readable output. `index`
    # refuses control characters in a new corpus name, so the name is changed in the cache
    # file (as a crafted or shared cache may have it); the model's name is its directory's.
    local evil=$'evil\e[2J\a' evil_model=$dir/$'tiny\e[2J'
    cp -r "$TINY" "$evil_model"
    printf 'one\ntwo\n' > "$dir/names.txt"
    run_bin index --corpus plain "$dir/names.txt" --model "$evil_model" --cache "$dir/names.sqlite" --quiet
    no_raw_controls "$OUT" && [[ $STATUS -eq 0 ]] && grep -q 'tiny␛\[2J' "$OUT"
    check "index summary with ESC in the model name" $? "$(head -c 90 "$OUT")" "status $STATUS: $(od -c "$OUT" | head -2 | tr -s ' ' | tr '\n' ' ') ${ERR:0:100}"
    sqlite3 "$dir/names.sqlite" "UPDATE corpora SET name = 'evil' || char(27) || '[2J' || char(7)"
    local listing
    for listing in "cache list" "cache info" "cache verify" "cache remove"; do
        if [[ $listing == "cache list" || $listing == "cache verify" ]]; then
            run_bin $listing --cache "$dir/names.sqlite"
        else
            run_bin $listing "$evil" --cache "$dir/names.sqlite"
        fi
        no_raw_controls "$OUT" && no_raw_controls "$WORK/stderr" && [[ $STATUS -eq 0 ]] && { [[ $listing == "cache verify" ]] || grep -q 'evil␛\[2J␇' "$OUT"; }
        check "$listing with ESC in the corpus name" $? "$(grep -m1 -e evil -e checked "$OUT" | tr -s ' ' | head -c 80)" \
            "status $STATUS: $(od -c "$OUT" | head -3 | tr -s ' ' | tr '\n' ' ') ${ERR:0:100}"
    done
    expect_error "--input a directory" "is a directory" encode --model "$TINY" --input "$dir"
    expect_error "--input a missing file" "no such file" encode --model "$TINY" --input "$dir/missing.txt"
}

# ---------------------------------------------------------------- the explorer under signals
# A private tmux server runs a shell; the explorer runs in it between two `stty -g`. After
# each signal the terminal must be as before: the same stty modes, and the same tmux pane
# flags (alternate screen, cursor shown, mouse reporting, keypad modes), with the prompt back.
explorer_cases() {
    if ! command -v tmux > /dev/null; then
        report SKIP "SIGTERM during explore" "tmux is not installed"
        return
    fi
    export OPENBLAS_NUM_THREADS=1
    local server="semblance-faults-$$" db=$WORK/explore.sqlite
    TMUX_SERVER=$server
    printf '%s\n' "The cat is sleeping on the warm windowsill." "Stock prices fell sharply after the announcement." \
        "Heavy rain is expected in the city tonight." "The football match ended in a draw." > "$WORK/explore.txt"
    "$BIN" index --corpus e --model "$TINY" --cache "$db" --quiet "$WORK/explore.txt" > /dev/null
    # A private home: the explorer saves pins and history under XDG_STATE_HOME.
    local data_home=${XDG_DATA_HOME:-$HOME/.local/share}
    mkdir -p "$WORK/home"
    tmux -L "$server" -f /dev/null new-session -d -s f -x 120 -y 32 "env HOME='$WORK/home' XDG_DATA_HOME='$data_home' XDG_STATE_HOME='$WORK/home/state' XDG_CONFIG_HOME='$WORK/home/config' XDG_CACHE_HOME='$WORK/home/cache' PS1='faults\$ ' bash --norc --noprofile"
    tmux -L "$server" set-option -t f status off > /dev/null

    local run signal delay keys label
    # signal, delay before it (random where empty), keys typed first, label
    local cases=(
        "TERM|0.05||at startup (model loading)"
        "TERM|||while idle"
        "TERM||A cat naps on the sunny window ledge.|while typing"
        "TERM||Markets dropped when rates went up.\r|after pinning"
        "TERM|||at a random point"
        "HUP||some text|terminal closed"
        "INT||rain|Ctrl-C from outside"
        "QUIT||rain|quit signal"
        "SEGV||rain|crash handler"
    )
    for run in "${cases[@]}"; do
        IFS='|' read -r signal delay keys label <<< "$run"
        [[ -n $delay ]] || delay=$(random_delay 2500)
        explorer_under_signal "$signal" "$delay" "$keys" "$label" --corpus e --model "$TINY" --cache "$db"
    done
    # The bundled teaching corpus is indexed inside the explorer on first use: interrupt that.
    explorer_under_signal TERM 1.5 "" "while indexing inside the explorer" --cache "$WORK/bundled.sqlite"
    local listed
    listed=$("$BIN" cache list --cache "$WORK/bundled.sqlite" 2>&1)
    if "$BIN" cache verify --cache "$WORK/bundled.sqlite" > /dev/null 2>&1 && [[ $listed == *teaching* ]]; then
        report PASS "explore: cache after SIGTERM mid-indexing" "verifies: $(grep -m1 teaching <<< "$listed" | tr -s ' ')"
    else
        report FAIL "explore: cache after SIGTERM mid-indexing" "$(tr '\n' ' ' <<< "$listed" | head -c 200)"
    fi
    tmux -L "$server" kill-server 2> /dev/null
    TMUX_SERVER=
}

# explorer_under_signal SIGNAL DELAY KEYS LABEL ARGS…: starts `semblance explore ARGS…` in
# the tmux pane, types KEYS, sends SIGNAL after DELAY seconds and checks the terminal.
explorer_under_signal() {
    local signal=$1 delay=$2 keys=$3 label=$4; shift 4
    local tmuxf=(tmux -L "$TMUX_SERVER") status_file=$WORK/explore.status pid= shell waited=0 flags expected
    rm -f "$status_file"
    local flag_format='#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{mouse_sgr_flag} #{keypad_flag} #{keypad_cursor_flag}'
    expected=$("${tmuxf[@]}" display-message -p -t f "$flag_format")
    # The status file is written last, so once it exists stty.after is complete.
    rm -f "$WORK/stty.after"
    "${tmuxf[@]}" send-keys -t f "clear; cd '$ROOT'; stty -g > '$WORK/stty.before'; TERM=xterm-256color '$BIN' explore $*; code=\$?; stty -g > '$WORK/stty.after'; echo \"status=\$code\" > '$status_file'" Enter
    shell=$("${tmuxf[@]}" display-message -p -t f '#{pane_pid}')
    while [[ -z $pid ]] && ((waited < 100)); do
        pid=$(pgrep -P "$shell" -f "explore" | head -n 1)
        [[ -n $pid ]] || { sleep 0.05; ((waited++)); }
    done
    if [[ -z $pid ]]; then
        report FAIL "explore: SIG$signal $label" "the explorer did not start"
        return
    fi
    if [[ -n $keys ]]; then
        sleep 0.8
        "${tmuxf[@]}" send-keys -t f -l "${keys%\\r}"
        [[ $keys == *'\r' ]] && "${tmuxf[@]}" send-keys -t f Enter
    fi
    sleep "$delay"
    kill -"$signal" "$pid" 2> /dev/null
    waited=0
    while [[ ! -s $status_file ]] && ((waited < 150)); do sleep 0.1; ((waited++)); done
    sleep 0.2
    flags=$("${tmuxf[@]}" display-message -p -t f "$flag_format")
    local status
    status=$(sed -n 's/^status=//p' "$status_file" 2> /dev/null)
    local prompt
    prompt=$("${tmuxf[@]}" capture-pane -p -t f | grep -c '^faults\$')
    if [[ -z $status ]]; then
        report FAIL "explore: SIG$signal $label" "did not exit within 15 s"
        kill -KILL "$pid" 2> /dev/null
    elif ! cmp -s "$WORK/stty.before" "$WORK/stty.after"; then
        report FAIL "explore: SIG$signal $label" "status $status; stty modes not restored"
    elif [[ $flags != "$expected" ]]; then
        report FAIL "explore: SIG$signal $label" "status $status; tmux pane flags (alt-screen cursor mouse sgr keypad cursor-keys) '$flags', want '$expected'"
    elif ((prompt == 0)); then
        report FAIL "explore: SIG$signal $label" "status $status; no shell prompt on screen afterwards"
    else
        report PASS "explore: SIG$signal $label" "after ${delay}s: status $status, stty modes, screen, cursor, mouse and keypad restored"
    fi
}

# ---------------------------------------------------------------- explorer themes
# `explore --theme` with a theme that cannot be used fails at once with the true reason
# (before the terminal check, so no terminal is needed); `themes check` lists every problem
# with its line; in a tmux pane, a broken user theme nobody asked for is never mentioned and
# NO_COLOR shows as such. HOME and XDG_* point inside the work directory.
themes_cases() {
    local sandbox=$WORK/themes-sandbox
    mkdir -p "$sandbox/home" "$sandbox/config/semblance/themes" "$sandbox/state" "$sandbox/cache" "$sandbox/data" "$sandbox/folder.theme"
    local complete='background = #000000
text = #ffffff
accent = bright-cyan bold
border = color245
selection = #5f5f87
heat-low = #707070
heat-mid = cyan
heat-high = #ff8800
negative = default underline'
    printf 'name = latin\n# caf\xe9\n%s\n' "$complete" > "$sandbox/latin1.theme"
    printf 'name = bad\n%s\nmuted = #12345g\n' "$complete" > "$sandbox/bad.theme"
    printf 'name = many\ntext = #zzzzzz blink\nhilite = red\nbackground\n' > "$sandbox/many.theme"
    mkfifo "$sandbox/pipe.theme"
    printf 'muted = #12345g\n%s\n' "$complete" > "$sandbox/config/semblance/themes/ocean.theme"

    themes_error() {  # themes_error CASE NEEDLE ARGS…: expect_error with the sandboxed environment
        local name=$1 needle=$2; shift 2
        HOME="$sandbox/home" XDG_CONFIG_HOME="$sandbox/config" XDG_STATE_HOME="$sandbox/state" \
            XDG_CACHE_HOME="$sandbox/cache" XDG_DATA_HOME="$sandbox/data" expect_error "$name" "$needle" "$@"
    }
    themes_error "themes: --theme missing file" "$sandbox/gone.theme: cannot read theme: no such file" explore --theme "$sandbox/gone.theme"
    themes_error "themes: --theme directory" "$sandbox/folder.theme: cannot read theme: is a directory" explore --theme "$sandbox/folder.theme"
    themes_error "themes: --theme not UTF-8" "latin1.theme:2: not UTF-8: byte 0xE9 at byte offset 18" explore --theme "$sandbox/latin1.theme"
    themes_error "themes: --theme FIFO (no hang)" "pipe.theme: cannot read theme: not a regular file (a FIFO)" explore --theme "$sandbox/pipe.theme"
    themes_error "themes: --theme broken file" "bad.theme:11: \`#12345g\` is not a colour" explore --theme "$sandbox/bad.theme"
    themes_error "themes: --theme broken user theme" "ocean.theme:1: \`#12345g\` is not a colour" explore --theme ocean
    themes_error "themes: --theme unknown name" "no theme named \`nosuch\`" explore --theme nosuch
    # Several problems: one `Error:` line each (they were joined into one line by ␊).
    HOME="$sandbox/home" XDG_CONFIG_HOME="$sandbox/config" XDG_STATE_HOME="$sandbox/state" \
        XDG_CACHE_HOME="$sandbox/cache" XDG_DATA_HOME="$sandbox/data" run_bin explore --theme "$sandbox/many.theme"
    local error_lines
    error_lines=$(grep -c '^Error: .*many.theme:' <<< "$ERR")
    if ((STATUS >= 1 && STATUS <= 125)) && ((error_lines >= 3)) && [[ $ERR != *'␊'* && $(grep -c '' <<< "$ERR") -eq $error_lines ]]; then
        report PASS "themes: --theme with many problems" "status $STATUS, $error_lines Error: lines"
    else
        report FAIL "themes: --theme with many problems" "status $STATUS, $error_lines Error: lines: ${ERR:0:300}"
    fi

    # themes check: each problem on its own line, with its line number; status 1.
    HOME="$sandbox/home" XDG_CONFIG_HOME="$sandbox/config" run_bin themes check "$sandbox/many.theme"
    local lines
    lines=$(grep -c '' "$OUT")
    if ((STATUS == 1)) && ((lines == 5)) && grep -q "many.theme:2: \`#zzzzzz\`" "$OUT" && grep -q "many.theme:2: \`blink\`" "$OUT" \
        && grep -q "many.theme:3: unknown slot" "$OUT" && grep -q "many.theme:4: expected" "$OUT" && grep -q "many.theme: missing slots" "$OUT"; then
        report PASS "themes: check lists every problem" "status $STATUS, $lines lines: $(cut -d: -f2 "$OUT" | tr '\n' ' ')"
    else
        report FAIL "themes: check lists every problem" "status $STATUS, $lines lines: $(head -c 300 "$OUT")"
    fi

    if ! command -v tmux > /dev/null; then
        report SKIP "themes: broken user theme not in use" "tmux is not installed"
        return
    fi
    local server="semblance-themes-$$" db=$WORK/themes.sqlite
    TMUX_SERVER=$server
    printf '%s\n' "The cat is sleeping on the warm windowsill." "Heavy rain is expected in the city tonight." > "$WORK/themes.txt"
    "$BIN" index --corpus t --model "$TINY" --cache "$db" --quiet "$WORK/themes.txt" > /dev/null
    tmux -L "$server" -f /dev/null new-session -d -s th -x 120 -y 30 "env PS1='themes\$ ' bash --norc --noprofile"
    tmux -L "$server" set-option -t th status off > /dev/null
    local exports="export HOME='$sandbox/home' XDG_CONFIG_HOME='$sandbox/config' XDG_STATE_HOME='$sandbox/state' XDG_CACHE_HOME='$sandbox/cache' XDG_DATA_HOME='$sandbox/data' OPENBLAS_NUM_THREADS=1 TERM=xterm-256color"
    tmux -L "$server" send-keys -t th "$exports; cd '$ROOT'" Enter

    # themes_screen LABEL NEEDLE ABSENT KEYS EXTRA…: starts explore (with EXTRA before its
    # arguments), waits for NEEDLE on the status line, types KEYS, checks NEEDLE and that
    # ABSENT is nowhere, quits with Esc.
    themes_screen() {
        local label=$1 needle=$2 absent=$3 keys=$4 prefix=$5; shift 5
        tmux -L "$server" send-keys -t th "clear; $prefix '$BIN' explore --corpus t --model '$TINY' --cache '$db' $*" Enter
        local waited=0 screen=
        while ((waited < 150)); do
            screen=$(tmux -L "$server" capture-pane -p -t th)
            [[ $screen == *"items · cached"* ]] && break
            sleep 0.1; ((waited++))
        done
        if [[ -n $keys ]]; then
            tmux -L "$server" send-keys -t th -l "$keys"
            waited=0
            while ((waited < 50)); do
                screen=$(tmux -L "$server" capture-pane -p -t th)
                [[ $screen == *"$needle"* ]] && break
                sleep 0.1; ((waited++))
            done
        fi
        local status_line
        status_line=$(grep -v '^$' <<< "$screen" | tail -n 1)
        tmux -L "$server" send-keys -t th Escape
        waited=0
        while ((waited < 50)) && ! tmux -L "$server" capture-pane -p -t th | grep -q '^themes\$ $'; do sleep 0.1; ((waited++)); done
        if [[ $screen != *"$needle"* ]]; then
            report FAIL "themes: $label" "status line does not show '$needle': ${status_line:0:150}"
        elif [[ -n $absent && $screen == *"$absent"* ]]; then
            report FAIL "themes: $label" "the screen mentions '$absent': ${status_line:0:150}"
        else
            report PASS "themes: $label" "status line: $(tr -s ' ' <<< "${status_line:0:150}")"
        fi
    }
    themes_screen "broken user theme not in use" "theme dark" "ocean" "" ""
    themes_screen "broken user theme, --theme light" "theme light" "ocean" "" "" --theme light
    themes_screen "NO_COLOR in the status line" "no colour (NO_COLOR)" "theme dark" "" "NO_COLOR=1"
    themes_screen "NO_COLOR: t says why" "no colour (NO_COLOR): themes change nothing" "theme light" $'\tt' "NO_COLOR=1"
    tmux -L "$server" kill-server 2> /dev/null
    TMUX_SERVER=
}

# ---------------------------------------------------------------- explorer state and focus
# The explorer in a private tmux server and a private home: keys after an overlay key, pins
# and history kept across quits and signals, a damaged state file, Ctrl-C and Ctrl-Z.
# Every wait polls the screen or a file for what it expects (no fixed delays).
explorer_state_cases() {
    if ! command -v tmux > /dev/null; then
        report SKIP "explore state" "tmux is not installed"
        return
    fi
    export OPENBLAS_NUM_THREADS=1
    local server="semblance-state-$$" home=$WORK/state-home
    ES_DB=$WORK/state.sqlite ES_STATE=$home/state/semblance ES_TMUX=(tmux -L "$server")
    TMUX_SERVER=$server
    mkdir -p "$home"
    printf '%s\n' "The cat is sleeping on the warm windowsill." "Stock prices fell sharply after the announcement." \
        "Heavy rain is expected in the city tonight." > "$WORK/state.txt"
    "$BIN" index --corpus s --model "$TINY" --cache "$ES_DB" --quiet "$WORK/state.txt" > /dev/null
    "${ES_TMUX[@]}" -f /dev/null new-session -d -s f -x 120 -y 32 "env HOME='$home' XDG_STATE_HOME='$home/state' XDG_CONFIG_HOME='$home/config' XDG_CACHE_HOME='$home/cache' PS1='state\$ ' bash --norc --noprofile"
    "${ES_TMUX[@]}" set-option -t f status off > /dev/null

    es_case_overlay_keys
    es_case_pins_back_after Escape "Esc"
    es_case_pins_back_after TERM "SIGTERM"
    es_case_pins_back_after HUP "SIGHUP"
    es_case_blank_input
    es_case_ctrl_c
    es_case_suspend
    es_case_suspend tstp
    es_case_damaged_state
    es_case_fresh
    "${ES_TMUX[@]}" kill-server 2> /dev/null
    TMUX_SERVER=
}

es_screen() { "${ES_TMUX[@]}" capture-pane -p -t f; }
# es_wait_screen TEXT [SECONDS]: polls the screen until it shows TEXT; false after SECONDS (20).
es_wait_screen() {
    local deadline=$((SECONDS + ${2:-20}))
    until es_screen | grep -qF -- "$1"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}
es_wait_file() {
    local deadline=$((SECONDS + ${2:-20}))
    until [[ -s $1 ]]; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}
# es_start ARGS…: runs the explorer through a wrapper script (so Ctrl-Z stops a whole job, as
# for a user's script) that records the exit status; waits for the first screen.
es_start() {
    rm -f "$WORK/es.status"
    printf '#!/bin/bash\nTERM=xterm-256color %q explore --corpus s --model %q --cache %q "$@"\necho "status=$?" > %q\n' \
        "$BIN" "$TINY" "$ES_DB" "$WORK/es.status" > "$WORK/es.sh"
    "${ES_TMUX[@]}" send-keys -t f "clear; bash '$WORK/es.sh' $*" Enter
    es_wait_screen "Neighbours · s" 30
}
es_pid() { pgrep -f -- "$BIN explore --corpus s" | head -n 1; }
es_status() { es_wait_file "$WORK/es.status" 20 && sed -n 's/^status=//p' "$WORK/es.status"; }
es_type() { "${ES_TMUX[@]}" send-keys -t f -l "$1"; }
es_key() { "${ES_TMUX[@]}" send-keys -t f "$@"; }
es_quit() { es_key Escape; es_status > /dev/null; }
# es_analyse TEXT [TOKENS]: types TEXT and waits until the screen shows its tokens (TOKENS; by
# default "[CLS] TEXT [SEP]", which a word the vocabulary splits does not show).
es_analyse() { es_type "$1"; es_wait_screen "${2:-[CLS] $1 [SEP]}"; }
# es_pin TEXT [TOKENS]: analyses TEXT and pins it with Enter; false if either does not show.
es_pin() { es_analyse "$@" && es_key Enter && es_wait_screen "Matrix · 1 pinned"; }

es_case_overlay_keys() {
    local name="explore: keys after c go to the corpus list"
    es_start || { report FAIL "$name" "the explorer did not start"; return; }
    es_analyse "hello" || { report FAIL "$name" "no tokens for hello"; es_quit; return; }
    es_key Tab Tab                            # the matrix
    es_type "ciabc"                           # c opens the list; i a b c must not reach the input
    es_wait_screen "Corpora" || { report FAIL "$name" "no corpus list"; es_quit; return; }
    es_key Escape
    es_wait_screen "Matrix ·" 5 || es_wait_screen "┌ Matrix" 5
    if es_screen | grep -q '^› hello *$'; then
        report PASS "$name" "input still “hello” after c i a b c with the matrix focused"
    else
        report FAIL "$name" "input line: $(es_screen | head -n 1)"
    fi
    es_quit
}

# es_case_pins_back_after HOW LABEL: pins a sentence, leaves a draft, ends the explorer by
# HOW (a key name, or a signal for kill), restarts: the pin and both texts must be back.
es_case_pins_back_after() {
    local how=$1 label=$2 name="explore: pins and history back after $2"
    rm -rf "$ES_STATE"
    es_start || { report FAIL "$name" "the explorer did not start"; return; }
    es_pin "pinned before $label" "[CLS] pinned before" || { report FAIL "$name" "not pinned"; es_quit; return; }
    es_analyse "draft before $label" "[CLS] draft before" || { report FAIL "$name" "draft not analysed"; es_quit; return; }
    if [[ $how == Escape ]]; then es_key Escape; else kill -"$how" "$(es_pid)"; fi
    local status
    status=$(es_status) || { report FAIL "$name" "did not exit"; return; }
    es_start || { report FAIL "$name" "the explorer did not restart"; return; }
    if ! es_wait_screen "Matrix · 1 pinned" 10; then
        report FAIL "$name" "exit $status; the pin did not come back"
    else
        es_key Up                              # the newest history entry: the draft
        if es_wait_screen "› draft before $label" 5; then
            report PASS "$name" "exit $status; pin and draft restored from $(ls "$ES_STATE" | head -n 1)"
        else
            report FAIL "$name" "exit $status; the draft is not in the history"
        fi
    fi
    es_quit
}

es_case_blank_input() {
    local name="explore: blank input is not encoded or pinned"
    rm -rf "$ES_STATE"
    es_start || { report FAIL "$name" "the explorer did not start"; return; }
    es_type "   "
    es_key Enter
    # A real key after, so the blank one was handled.
    es_analyse "x" || { report FAIL "$name" "no tokens for x"; es_quit; return; }
    if es_screen | grep -q "pinned"; then
        report FAIL "$name" "spaces were pinned: $(es_screen | grep -m1 pinned)"
    else
        report PASS "$name" "spaces then Enter: nothing pinned, nothing saved"
    fi
    es_quit
}

es_case_ctrl_c() {
    local name="explore: Ctrl-C exits with status 130"
    es_start || { report FAIL "$name" "the explorer did not start"; return; }
    es_key C-c
    local status
    status=$(es_status) || { report FAIL "$name" "did not exit"; return; }
    if [[ $status == 130 ]]; then report PASS "$name" "status 130"; else report FAIL "$name" "status $status"; fi
}

# es_case_suspend [tstp]: Ctrl-Z (or SIGTSTP sent from outside), then `fg`.
es_case_suspend() {
    local name="explore: Ctrl-Z suspends, fg restores the screen"
    [[ ${1:-} == tstp ]] && name="explore: SIGTSTP suspends, fg restores the screen"
    es_start || { report FAIL "$name" "the explorer did not start"; return; }
    es_analyse "suspended words" || { report FAIL "$name" "no tokens"; es_quit; return; }
    if [[ ${1:-} == tstp ]]; then kill -TSTP "$(es_pid)"; else es_key C-z; fi
    if ! es_wait_screen "Stopped" 10; then
        report FAIL "$name" "the job did not stop"
        es_quit
        return
    fi
    local alternate
    alternate=$("${ES_TMUX[@]}" display-message -p -t f '#{alternate_on} #{mouse_any_flag}')
    es_key "clear; fg" Enter
    if ! es_wait_screen "[CLS] suspended words [SEP]" 10; then
        report FAIL "$name" "no redraw after fg"
    elif [[ $alternate != "0 0" ]]; then
        report FAIL "$name" "while stopped: alternate screen / mouse '$alternate', want '0 0'"
    else
        es_key C-c
        local status
        status=$(es_status)
        if [[ $status == 130 ]]; then
            report PASS "$name" "terminal given back while stopped, redrawn after fg, then status 130"
        else
            report FAIL "$name" "after fg and Ctrl-C: status $status"
        fi
        return
    fi
    es_quit
}

es_case_damaged_state() {
    local name="explore: a damaged state file is kept aside"
    rm -rf "$ES_STATE"
    es_start || { report FAIL "$name" "the explorer did not start"; return; }
    es_pin "kept"
    es_quit
    local file
    file=$(ls "$ES_STATE"/*.json 2> /dev/null | head -n 1)
    [[ -n $file ]] || { report FAIL "$name" "no state file was written"; return; }
    printf '{"version": 1, "pins": [' > "$file"
    es_start || { report FAIL "$name" "the explorer did not start with a damaged file"; return; }
    if ! es_wait_screen "damaged" 10; then
        report FAIL "$name" "no warning: $(es_screen | tail -n 1)"
    elif ! cmp -s <(printf '{"version": 1, "pins": [') "$file.damaged"; then
        report FAIL "$name" "the damaged file was not kept as $file.damaged"
    else
        report PASS "$name" "warned in the status line, started empty, kept $(basename "$file").damaged"
    fi
    es_quit
}

es_case_fresh() {
    local name="explore: --fresh starts empty"
    rm -rf "$ES_STATE"
    es_start || { report FAIL "$name" "the explorer did not start"; return; }
    es_pin "forget me"
    es_quit
    es_start --fresh || { report FAIL "$name" "the explorer did not start"; return; }
    es_analyse "x"
    if es_screen | grep -q "pinned"; then
        report FAIL "$name" "pins came back with --fresh"
    else
        es_quit
        es_start
        es_analyse "y"
        if es_screen | grep -q "pinned"; then report FAIL "$name" "the pins came back after --fresh"
        else report PASS "$name" "no pins with --fresh, nor on the next start"; fi
    fi
    es_quit
}

# ---------------------------------------------------------------- what the cache stores and keys
# index_counts CACHE CORPUS FILE MODEL [ARGS…]: indexes; sets STATUS, ERR and ENCODED/REUSED from the summary.
index_counts() {
    local cache=$1 corpus=$2 file=$3 model=$4; shift 4
    run_bin index --corpus "$corpus" "$file" --model "$model" --cache "$cache" --quiet "$@"
    ENCODED=$(sed -n 's/.* items, \([0-9]*\) encoded, \([0-9]*\) reused.*/\1/p' "$OUT")
    REUSED=$(sed -n 's/.* items, \([0-9]*\) encoded, \([0-9]*\) reused.*/\2/p' "$OUT")
}

# sql CACHE QUERY: the rows of QUERY, one per line (python's sqlite3: independent of the binary).
sql() {
    python3 -c "
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print(*row)
" "$1" "$2"
}

cachecontent_cases() {
    export OPENBLAS_NUM_THREADS=1
    local cache=$WORK/content.sqlite model edit name texts=$WORK/content.txt
    printf 'the cat sat on the mat\n[unused0] and [unused1] appear here\nsemblance is a word\na fourth line\n' > "$texts"
    # Made first, so that its weights file is older when the weights case replaces it.
    local weights_model
    weights_model=$(model_copy weights-model)

    # The fingerprint covers every byte of the tokenizer files: each edit re-encodes everything.
    model=$(model_copy fp-model)
    index_counts "$cache" before "$texts" "$model"
    if ((STATUS != 0)) || [[ $ENCODED != 4 ]]; then
        report FAIL "fingerprint: first index" "status $STATUS, encoded '$ENCODED': ${ERR:0:160}"
        return
    fi
    for edit in "vocabulary swap" "added token" "post-processor change"; do
        model=$(model_copy fp-model)
        # Minimal text edits, so that nothing but the named change differs.
        python3 - "$model/tokenizer.json" "$edit" << 'EOF'
import sys
path, edit = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
old, new = {
    "vocabulary swap": ('"[unused0]": 1,\n      "[unused1]": 2,', '"[unused0]": 2,\n      "[unused1]": 1,'),
    "added token": ('"added_tokens": [', '"added_tokens": [{"id": 1, "content": "semblance", "single_word": false, '
                    '"lstrip": false, "rstrip": false, "normalized": true, "special": false},'),
    "post-processor change": ('"ids": [\n          102\n        ]', '"ids": [\n          103\n        ]'),
}[edit]
assert text.count(old) == 1, edit
open(path, "w", encoding="utf-8").write(text.replace(old, new))
EOF
        index_counts "$cache" "after-${edit// /-}" "$texts" "$model"
        if ((STATUS == 0)) && [[ $ENCODED == 4 && $REUSED == 0 ]]; then
            report PASS "fingerprint: tokenizer.json $edit" "all 4 texts re-encoded, none reused"
        else
            report FAIL "fingerprint: tokenizer.json $edit" "status $STATUS, encoded '$ENCODED', reused '$REUSED': ${ERR:0:160}"
        fi
    done
    # The corpus of the unedited model, searched with the last edited one: a clear refusal.
    expect_error "fingerprint: search with an edited tokenizer" "another version of model" \
        search --corpus before "cat" --model "$model" --cache "$cache"

    # Weights replaced by a same-size file with the same mtime (cp -p writes in place, then
    # restores the source's times): the next run must hash them again and re-encode.
    model=$weights_model
    index_counts "$cache" weights-before "$texts" "$model"
    local remembered
    remembered=$(sql "$cache" "SELECT count(*) FROM weight_hashes WHERE path = '$model/model.safetensors'")
    cp "$model/model.safetensors" "$WORK/new.safetensors"
    python3 -c "
import sys
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
data[-4:] = bytes(b ^ 0x01 for b in data[-4:])
open(path, 'wb').write(data)
" "$WORK/new.safetensors"
    touch -r "$model/model.safetensors" "$WORK/new.safetensors"
    cp -p "$WORK/new.safetensors" "$model/model.safetensors"
    index_counts "$cache" weights-after "$texts" "$model"
    if ((STATUS == 0)) && [[ $ENCODED == 4 ]]; then
        report PASS "weights: same size and mtime via cp -p" "re-hashed, 4 re-encoded (hash had been remembered: $remembered)"
    else
        report FAIL "weights: same size and mtime via cp -p" "status $STATUS, encoded '$ENCODED': ${ERR:0:160}"
    fi
    cp "$WORK/new.safetensors" "$WORK/newer.safetensors"
    python3 -c "
import sys
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
data[-8:-4] = bytes(b ^ 0x01 for b in data[-8:-4])
open(path, 'wb').write(data)
" "$WORK/newer.safetensors"
    touch -r "$model/model.safetensors" "$WORK/newer.safetensors"
    mv "$WORK/newer.safetensors" "$model/model.safetensors"
    index_counts "$cache" weights-renamed "$texts" "$model"
    if ((STATUS == 0)) && [[ $ENCODED == 4 ]]; then
        report PASS "weights: renamed over with the same mtime" "re-hashed, 4 re-encoded"
    else
        report FAIL "weights: renamed over with the same mtime" "status $STATUS, encoded '$ENCODED': ${ERR:0:160}"
    fi

    # Texts with NULs (and other odd bytes) index, verify, and come back byte for byte.
    local odd=$WORK/odd.jsonl
    printf '%s\n' '{"text": "before\u0000after"}' '{"text": "\u0000"}' '{"text": "a\u0301 lone mark \u0301"}' \
        '{"text": "four bytes \ud83d\ude00"}' > "$odd"
    index_counts "$cache" odd "$odd" "$TINY"
    local verify_out back
    verify_out=$("$BIN" cache verify --cache "$cache" 2>&1)
    back=$("$BIN" search --corpus odd "before" -k 4 --format jsonl --model "$TINY" --cache "$cache" 2> /dev/null \
        | python3 -c "
import json, sys
print(sorted(json.loads(line)['text'] for line in sys.stdin) == sorted(['before\0after', '\0', 'a\u0301 lone mark \u0301', 'four bytes \U0001F600']))")
    if ((STATUS == 0)) && [[ $verify_out == *": ok" && $back == True ]]; then
        report PASS "texts: NUL, combining marks, 4-byte UTF-8" "indexed, verify ok, search returns them byte-identical"
    else
        report FAIL "texts: NUL, combining marks, 4-byte UTF-8" "status $STATUS, verify '${verify_out:0:120}', round trip $back"
    fi

    # A model whose outputs pass f16's ±65504: --precision f16 refuses, naming the text; nothing stored.
    model=$(model_copy f16-model)
    safetensors_edit "$model/model.safetensors" '
import struct
begin, end = header["encoder.layer.1.output.LayerNorm.weight"]["data_offsets"]
for offset in range(begin, end, 4):
    data[offset:offset + 4] = struct.pack("<f", struct.unpack("<f", data[offset:offset + 4])[0] * 1e6)'
    expect_error "f16: outputs past 65504 refused" "does not fit f16" \
        index --corpus half "$texts" --precision f16 --model "$model" --cache "$cache" --quiet
    local stored
    stored=$(sql "$cache" "SELECT count(*) FROM items i JOIN corpora c ON c.id = i.corpus WHERE c.name = 'half'")
    stored=$((stored + $(sql "$cache" "SELECT count(*) FROM vectors WHERE precision = 'f16'")))
    if [[ $stored == 0 ]]; then
        report PASS "f16: nothing stored after the refusal" "no item, no f16 vector"
    else
        report FAIL "f16: nothing stored after the refusal" "$stored rows stored"
    fi

    # A NaN planted in a stored vector: verify names the corpus and position; search refuses.
    local planted=$WORK/planted.sqlite
    run_bin index --corpus p "$texts" --model "$TINY" --cache "$planted" --quiet
    python3 -c "
import sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
(vector_id, blob), = db.execute('SELECT v.id, v.vector FROM items i JOIN vectors v ON v.id = i.vector WHERE i.position = 2')
values = list(struct.unpack('<%df' % (len(blob) // 4), blob))
values[5] = float('nan')
db.execute('UPDATE vectors SET vector = ? WHERE id = ?', (struct.pack('<%df' % len(values), *values), vector_id))
db.commit()
" "$planted"
    run_bin cache verify --cache "$planted"
    if ((STATUS == 1)) && grep -q 'corpus "p": 1 item(s) with a non-finite vector .* position(s) 2' "$OUT"; then
        report PASS "NaN vector: cache verify reports it" "$(grep -m1 non-finite "$OUT" | head -c 120)"
    else
        report FAIL "NaN vector: cache verify reports it" "status $STATUS: $(head -c 200 "$OUT")"
    fi
    # The matrix file written at the end of the index run still holds the good vector (it is
    # checked by its own key and checksum, not against later edits of the database): without it,
    # search reads SQLite, which must refuse the planted NaN.
    rm -rf "$planted.matrices"
    expect_error "NaN vector: search refuses the corpus" "non-finite" \
        search --corpus p "cat" --model "$TINY" --cache "$planted"
    index_counts "$planted" p "$texts" "$TINY"
    if ((STATUS == 0)) && [[ $ENCODED == 1 ]] && "$BIN" cache verify --cache "$planted" > /dev/null 2>&1 \
        && "$BIN" search --corpus p "cat" --model "$TINY" --cache "$planted" > /dev/null 2>&1; then
        report PASS "NaN vector: re-indexing heals it" "the damaged vector alone re-encoded; verify ok, search works"
    else
        report FAIL "NaN vector: re-indexing heals it" "status $STATUS, encoded '$ENCODED': ${ERR:0:160}"
    fi

    # cache list: names of emoji, CJK and combining accents keep the columns aligned.
    local list=$WORK/list.sqlite
    for name in "😀😀" "東京" "e$(printf '\xcc\x81')e$(printf '\xcc\x81')" "plain"; do
        run_bin index --corpus "$name" "$texts" --model "$TINY" --cache "$list" --quiet
    done
    run_bin cache list --cache "$list"
    local columns
    columns=$(python3 -c "
import sys, unicodedata
def width(text):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in text)
rows = open(sys.argv[1], encoding='utf-8').read().splitlines()[1:-1]
names = ['😀😀', '東京', 'e\u0301e\u0301', 'plain']
whole = all(any(row.startswith(name + ' ') for row in rows) for name in names)
ends = {width(row[:row.index(' f32')]) for row in rows}
print(len(rows) == 4 and whole and len(ends) == 1)
" "$OUT")
    if ((STATUS == 0)) && [[ $columns == True ]]; then
        report PASS "cache list: wide and combining names align" "every name whole, every column at the same width"
    else
        report FAIL "cache list: wide and combining names align" "status $STATUS, $columns: $(head -c 300 "$OUT")"
    fi
}

# import: bad vectors files (made with numpy) fail with one line before any cache exists.
import_cases() {
    local dir=$WORK/imports
    mkdir -p "$dir"
    printf 'first text\nsecond text\nthird text\n' > "$dir/texts.txt"
    python3 - "$dir" <<'PY'
import sys, numpy as np
d = sys.argv[1]
good = np.ones((3, 32), dtype=np.float32)
np.save(f"{d}/f64.npy", good.astype(np.float64))
np.save(f"{d}/int.npy", good.astype(np.int32))
np.save(f"{d}/wide.npy", np.ones((3, 33), dtype=np.float32))
np.save(f"{d}/flat.npy", np.ones(96, dtype=np.float32))
np.save(f"{d}/four.npy", np.ones((4, 32), dtype=np.float32))
nan = good.copy(); nan[2, 5] = np.nan
np.save(f"{d}/nan.npy", nan)
inf16 = good.astype(np.float16); inf16[1, 7] = np.inf
np.save(f"{d}/inf16.npy", inf16)
np.save(f"{d}/good.npy", good)
data = open(f"{d}/good.npy", "rb").read()
open(f"{d}/truncated.npy", "wb").write(data[:-7])
open(f"{d}/lying.npy", "wb").write(data.replace(b"(3, 32)", b"(9, 32)"))
PY
    local cache=$dir/cache.sqlite
    expect_error "import: float64 .npy" "'descr' is '<f8'" import --corpus c --vectors "$dir/f64.npy" --texts "$dir/texts.txt" --model "$TINY" --cache "$cache"
    expect_error "import: int32 .npy" "'descr' is '<i4'" import --corpus c --vectors "$dir/int.npy" --texts "$dir/texts.txt" --model "$TINY" --cache "$cache"
    expect_error "import: wrong dimension" "rows have 33 components" import --corpus c --vectors "$dir/wide.npy" --texts "$dir/texts.txt" --model "$TINY" --cache "$cache"
    expect_error "import: 1-D array" "not (rows, dimension)" import --corpus c --vectors "$dir/flat.npy" --texts "$dir/texts.txt" --model "$TINY" --cache "$cache"
    expect_error "import: more vectors than texts" "holds 3 texts but" import --corpus c --vectors "$dir/four.npy" --texts "$dir/texts.txt" --model "$TINY" --cache "$cache"
    expect_error "import: NaN row" "row 2 (0-based) holds nan at component 5" import --corpus c --vectors "$dir/nan.npy" --texts "$dir/texts.txt" --model "$TINY" --cache "$cache"
    expect_error "import: infinity in a float16 .npy" "row 1 (0-based) holds inf at component 7" import --corpus c --vectors "$dir/inf16.npy" --texts "$dir/texts.txt" --model "$TINY" --cache "$cache"
    expect_error "import: truncated .npy" "truncated, or not what the header says" import --corpus c --vectors "$dir/truncated.npy" --texts "$dir/texts.txt" --model "$TINY" --cache "$cache"
    expect_error "import: lying header" "promises shape (9, 32)" import --corpus c --vectors "$dir/lying.npy" --texts "$dir/texts.txt" --model "$TINY" --cache "$cache"
    expect_error "import: not this model's vectors" "these vectors were not made by this model" import --corpus c --vectors "$dir/good.npy" --texts "$dir/texts.txt" --model "$TINY" --cache "$cache"
    [[ ! -e $cache ]]
    check "import: refusals write no cache" $? "no cache file after every refusal" "a cache file exists: $(ls "$dir")"

    import_killed_beside_readers_case "$dir"
}

# A 540,000-row import (two 262,144-item groups and a part) killed once its first group has
# committed, while another process keeps opening, searching and closing the same cache: the
# corpus stored before is untouched, a rerun stores exactly the file's vectors, and the cache
# verifies. (A stray descriptor of the database file, closed, would drop SQLite's locks and let
# a closing reader delete the import's live log.)
import_killed_beside_readers_case() {
    local dir=$1 db=$1/killed.sqlite
    python3 - "$dir" <<'PY'
import sys, numpy as np
d, rows = sys.argv[1], 540_000
np.save(f"{d}/big.npy", np.random.default_rng(5).uniform(-1, 1, (rows, 32)).astype(np.float16))
open(f"{d}/big.txt", "w").write("".join(f"imported line {i}\n" for i in range(rows)))
PY
    local before
    if ! "$BIN" index --corpus kept "$dir/texts.txt" --model "$TINY" --cache "$db" --quiet > /dev/null 2>&1 \
        || ! before=$("$BIN" search --corpus kept "third text" --model "$TINY" --cache "$db" 2>&1); then
        report FAIL "import: killed beside readers" "could not set up the corpus stored before"
        return
    fi
    "$BIN" import --corpus big --vectors "$dir/big.npy" --texts "$dir/big.txt" --model "$TINY" --cache "$db" \
        --no-verify --quiet > /dev/null 2> "$dir/import.err" &
    local pid=$! deadline=$((SECONDS + 120)) stored=0
    while kill -0 "$pid" 2> /dev/null && ((SECONDS < deadline)); do
        "$BIN" search --corpus kept "first text" --model "$TINY" --cache "$db" > /dev/null 2>&1
        stored=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True).execute(
            'SELECT count(*) FROM items JOIN corpora ON corpora.id = items.corpus WHERE corpora.name = ?', ('big',)).fetchone()[0])" \
            "$db" 2> /dev/null || echo 0)
        ((stored >= 262144)) && break
    done
    kill -KILL "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    local status=$? rerun after
    if ((status != 137)); then
        report FAIL "import: killed beside readers" "the import was not killed mid-run (status $status, $stored stored): $(head -c 200 "$dir/import.err")"
    elif ((stored % 262144 != 0)); then
        report FAIL "import: killed beside readers" "$stored items stored: not whole groups"
    elif ! rerun=$("$BIN" import --corpus big --vectors "$dir/big.npy" --texts "$dir/big.txt" --model "$TINY" --cache "$db" \
        --no-verify --quiet 2>&1); then
        report FAIL "import: killed beside readers" "rerun failed: ${rerun:0:200}"
    elif ! after=$("$BIN" search --corpus kept "third text" --model "$TINY" --cache "$db" 2>&1) || [[ $after != "$before" ]]; then
        report FAIL "import: killed beside readers" "the corpus stored before changed: ${after:0:200}"
    elif ! python3 - "$db" "$dir/big.npy" <<'PY'
import sqlite3, sys, numpy as np
db, expected = sqlite3.connect(sys.argv[1]), np.load(sys.argv[2])
blobs = db.execute("""SELECT vectors.vector FROM items JOIN corpora ON corpora.id = items.corpus
                      JOIN vectors ON vectors.id = items.vector WHERE corpora.name = 'big' ORDER BY items.position""").fetchall()
stored = np.frombuffer(b"".join(b for (b,) in blobs), dtype=np.float16).reshape(-1, 32)
sys.exit(0 if stored.shape == expected.shape and np.array_equal(stored.view(np.uint16), expected.view(np.uint16)) else 1)
PY
    then
        report FAIL "import: killed beside readers" "after the rerun the stored vectors are not the file's"
    elif ! "$BIN" cache verify --cache "$db" > /dev/null 2>&1; then
        report FAIL "import: killed beside readers" "cache verify fails"
    else
        report PASS "import: killed beside readers" "killed at $stored items, rerun stored the file's 540,000 vectors; the other corpus unchanged; cache verifies"
    fi
}

# ---------------------------------------------------------------- PostgreSQL cache
# Needs the throwaway server of scripts/test-postgres.sh (`make faults` runs this script
# through it); each case works in a database of its own.
pg_admin() {  # pg_admin SQL…: runs SQL as the test superuser on database $PGDB (default semblance_test)
    "$SEMBLANCE_TEST_POSTGRES_BIN/psql" "${SEMBLANCE_TEST_POSTGRES%/*}/${PGDB:-semblance_test}" -qAtc "$1" 2>&1
}
pg_ctl_as_owner() {
    if [[ -n ${SEMBLANCE_TEST_POSTGRES_OWNER:-} ]]; then
        runuser -u "$SEMBLANCE_TEST_POSTGRES_OWNER" -- "$SEMBLANCE_TEST_POSTGRES_BIN/pg_ctl" -D "$SEMBLANCE_TEST_POSTGRES_DIR/data" "$@"
    else
        "$SEMBLANCE_TEST_POSTGRES_BIN/pg_ctl" -D "$SEMBLANCE_TEST_POSTGRES_DIR/data" "$@"
    fi
}
pg_database() {  # pg_database NAME: a fresh database; prints its URL
    pg_admin "DROP DATABASE IF EXISTS $1" > /dev/null
    pg_admin "CREATE DATABASE $1" > /dev/null
    echo "${SEMBLANCE_TEST_POSTGRES%/*}/$1"
}

postgres_cases() {
    if [[ -z ${SEMBLANCE_TEST_POSTGRES:-} ]]; then
        report SKIP "postgres: all cases" "no test server (run through scripts/test-postgres.sh; make faults does)"
        return
    fi
    local url lines=$WORK/pg-lines.txt pid count i
    python3 -c "
for n in range(1200): print(f'Sentence number {n} about the {[\"harbour\",\"clock\",\"bridge\",\"river\"][n % 4]} and day {n // 4}.')
" > "$lines"

    expect_error "postgres: server down at start" "127.0.0.1:1/class" \
        cache list --cache "postgresql://ann:Secret-9@127.0.0.1:1/class"
    [[ $ERR == *Secret-9* ]] && report FAIL "postgres: server down hides the password" "$ERR"

    url=$(pg_database f_password)
    expect_error "postgres: wrong password" "password authentication failed" \
        index --corpus c "$lines" --model "$TINY" --quiet --cache "${url/semblance-test@/Wrong-Pass@}"
    [[ $ERR == *Wrong-Pass* ]] && report FAIL "postgres: wrong password stays secret" "$ERR"

    url=$(pg_database f_newer)
    head -n 50 "$lines" > "$WORK/pg-50.txt"
    run_bin index --corpus c "$WORK/pg-50.txt" --model "$TINY" --quiet --cache "$url"
    PGDB=f_newer pg_admin "UPDATE semblance_meta SET value = '7' WHERE key = 'schema_version'" > /dev/null
    expect_error "postgres: schema from a newer version" "newer than this semblance" \
        index --corpus c "$WORK/pg-50.txt" --model "$TINY" --quiet --cache "$url"
    count=$(PGDB=f_newer pg_admin "SELECT count(*) FROM items")
    if [[ $count == 50 && $(PGDB=f_newer pg_admin "SELECT value FROM semblance_meta") == 7 ]]; then
        report PASS "postgres: newer schema left untouched" "50 items and version 7 kept"
    else
        report FAIL "postgres: newer schema left untouched" "items $count"
    fi

    url=$(pg_database f_reader)
    run_bin index --corpus c "$WORK/pg-50.txt" --model "$TINY" --quiet --cache "$url"
    pg_admin "DROP ROLE IF EXISTS reader; CREATE ROLE reader LOGIN PASSWORD 'reader-pw'" > /dev/null
    PGDB=f_reader pg_admin "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader" > /dev/null
    local reader_url=${url/semblance:semblance-test@/reader:reader-pw@}
    run_bin search --corpus c --model "$TINY" --cache "$reader_url" "the clock"
    local before
    before=$(cat "$OUT")
    if ((STATUS == 0)) && [[ -s $OUT ]]; then
        report PASS "postgres: read-only role searches" "$(head -n 1 "$OUT")"
    else
        report FAIL "postgres: read-only role searches" "status $STATUS: ${ERR:0:200}"
    fi
    expect_error "postgres: read-only role cannot index" "permission denied" \
        index --corpus c "$lines" --model "$TINY" --quiet --cache "$reader_url"
    count=$(PGDB=f_reader pg_admin "SELECT count(*) FROM items")
    [[ $count == 50 ]] && report PASS "postgres: read-only role changed nothing" "50 items" \
        || report FAIL "postgres: read-only role changed nothing" "items $count"
    # Without the packed matrix a reader searches from the rows and stores nothing.
    PGDB=f_reader pg_admin "DELETE FROM corpus_matrices" > /dev/null
    run_bin search --corpus c --model "$TINY" --cache "$reader_url" "the clock"
    count=$(PGDB=f_reader pg_admin "SELECT count(*) FROM corpus_matrices")
    if ((STATUS == 0)) && [[ $(cat "$OUT") == "$before" && $count == 0 ]]; then
        report PASS "postgres: read-only role searches the rows" "same results, nothing stored"
    else
        report FAIL "postgres: read-only role searches the rows" "status $STATUS, $count packed: ${ERR:0:200}"
    fi
    # A damaged packed matrix is never served: the rows answer and it is rebuilt.
    run_bin search --corpus c --model "$TINY" --cache "$url" "the clock"
    PGDB=f_reader pg_admin "UPDATE corpus_matrix_chunks SET data = overlay(data PLACING '\\xff'::bytea FROM 9 FOR 1)" > /dev/null
    run_bin search --corpus c --model "$TINY" --cache "$url" "the clock"
    count=$(PGDB=f_reader pg_admin "SELECT count(*) FROM corpus_matrices WHERE checksum IS NOT NULL")
    if ((STATUS == 0)) && [[ $(cat "$OUT") == "$before" && $count == 1 ]]; then
        report PASS "postgres: damaged packed matrix" "same results from the rows, rebuilt"
    else
        report FAIL "postgres: damaged packed matrix" "status $STATUS, $count current: ${ERR:0:200}"
    fi

    url=$(pg_database f_killed)
    "$BIN" index --corpus c "$lines" --model "$TINY" --quiet --batch-size 8 --cache "$url" > /dev/null 2> "$WORK/pg-kill.stderr" &
    pid=$!
    for ((i = 0; i < 1500; i++)); do  # until some batches are stored (the server's own count)
        count=$(PGDB=f_killed pg_admin "SELECT count(*) FROM items" 2> /dev/null)
        [[ $count =~ ^[0-9]+$ ]] && ((count >= 100)) && break
        sleep 0.02
    done
    pg_ctl_as_owner -m immediate stop > /dev/null 2>&1
    wait "$pid"
    STATUS=$? ERR=$(cat "$WORK/pg-kill.stderr")
    pg_ctl_as_owner -w -t 30 -l "$SEMBLANCE_TEST_POSTGRES_DIR/server.log" -o "$SEMBLANCE_TEST_POSTGRES_OPTIONS" start > /dev/null 2>&1
    if ((STATUS >= 1 && STATUS <= 125)) && [[ $(grep -c '' <<< "$ERR") -eq 1 && $ERR == *"127.0.0.1:"* ]]; then
        report PASS "postgres: server killed mid-index" "status $STATUS: ${ERR:0:150}"
    else
        report FAIL "postgres: server killed mid-index" "status $STATUS: ${ERR:0:300}"
    fi
    run_bin index --corpus c "$lines" --model "$TINY" --quiet --batch-size 8 --cache "$url"
    local rerun_status=$STATUS rerun_out
    rerun_out=$(cat "$OUT")
    run_bin cache verify --cache "$url"
    count=$(PGDB=f_killed pg_admin "SELECT count(*) FROM items")
    if ((rerun_status == 0 && STATUS == 0)) && [[ $count == 1200 && $(cat "$OUT") == *": ok"* ]]; then
        report PASS "postgres: rerun after the server came back" "$rerun_out"
    else
        report FAIL "postgres: rerun after the server came back" "rerun $rerun_status, verify $STATUS, $count items: $(cat "$OUT") ${ERR:0:200}"
    fi
}

# ---------------------------------------------------------------- training
# A disk that fills while `train` saves its second checkpoint (the output on a 20 MB tmpfs:
# one checkpoint of the tiny model is ~12 MB, the second is written beside it before the swap):
# one line naming the checkpoint, the first checkpoint intact, and `--resume` with space
# finishes with exactly the weights of a run that never failed. Needs root (tmpfs).
training_cases() {
    local mount=$WORK/train-tmpfs pairs=$ROOT/Tests/Fixtures/reference/training/pairs.tsv before after
    local recipe=(--pairs "$pairs" --model "$TINY" --epochs 2 --batch-size 8 --lr 1e-3 --warmup-steps 2 --seed 3 --quiet)
    if ! "$BIN" train "${recipe[@]}" --output "$WORK/train-straight" > /dev/null 2>&1; then
        report FAIL "training: a run with space" "status $?"
        return
    fi
    mkdir -p "$mount"
    if ! mount -t tmpfs -o size=20m semblance-train "$mount" 2> /dev/null; then
        report SKIP "training: disk full while saving" "cannot mount a tmpfs here (needs root)"
        return
    fi
    MOUNTED=$mount
    expect_error "training: disk full while saving" "$mount/out/checkpoint: could not write" \
        train "${recipe[@]}" --output "$mount/out"
    if [[ $ERR == *"the previous checkpoint is intact"* ]] \
        && before=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["step"])' "$mount/out/checkpoint/state.json") \
        && [[ $before == 6 && ! -e $mount/out/.checkpoint.partial ]]; then
        report PASS "training: disk full keeps the checkpoint" "the epoch-1 checkpoint (step $before) is whole, no partial folder"
    else
        report FAIL "training: disk full keeps the checkpoint" "step ${before:-?}; $(ls -a "$mount/out" | tr '\n' ' ')"
    fi
    mount -o remount,size=64m "$mount"
    run_bin train "${recipe[@]}" --output "$mount/out" --resume
    after=$(cmp "$mount/out/model.safetensors" "$WORK/train-straight/model.safetensors" 2>&1)
    if ((STATUS == 0)) && [[ -z $after ]]; then
        report PASS "training: resume with space after a full disk" "the trained weights equal an uninterrupted run's, byte for byte"
    else
        report FAIL "training: resume with space after a full disk" "status $STATUS: ${ERR:0:150} ${after:0:100}"
    fi
    umount "$mount" && MOUNTED=
}

echo "fault matrix: $BIN, seed $SEED"
for group in "${GROUPS_CHOSEN[@]}"; do
    case $group in
    weights) weights_cases ;;
    vocabulary) vocabulary_cases ;;
    configs) config_cases ;;
    modules) modules_cases ;;
    inputs) large_input_cases ;;
    cache) cache_cases ;;
    cachefiles) cachefiles_cases ;;
    network) network_cases ;;
    explorer) explorer_cases ;;
    themes) themes_cases ;;
    explorerstate) explorer_state_cases ;;
    io) io_cases ;;
    cachecontent) cachecontent_cases ;;
    imports) import_cases ;;
    postgres) postgres_cases ;;
    training) training_cases ;;
    esac
done
echo "passed $PASSED, failed $FAILED, skipped $SKIPPED"
((FAILED == 0))

#!/usr/bin/env bash
# The fault matrix: damaged models, hostile inputs and interrupted work, run against the
# real binary. Prints one line per case, PASS or FAIL and what was checked; exits 1 if any
# case failed. `make faults` builds the release binary first.
#
#   scripts/faults.sh [--seed N] [GROUP…]   groups: weights vocabulary inputs cache network explorer cachecontent (default: all)
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
GROUPS_CHOSEN=()
while [[ $# -gt 0 ]]; do
    case $1 in
    --seed) SEED=$2; shift 2 ;;
    weights | vocabulary | inputs | cache | network | explorer | cachecontent) GROUPS_CHOSEN+=("$1"); shift ;;
    *) echo "faults.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
((${#GROUPS_CHOSEN[@]})) || GROUPS_CHOSEN=(weights vocabulary inputs cache network explorer cachecontent)
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
    tmux -L "$server" -f /dev/null new-session -d -s f -x 120 -y 32 "env PS1='faults\$ ' bash --norc --noprofile"
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

echo "fault matrix: $BIN, seed $SEED"
for group in "${GROUPS_CHOSEN[@]}"; do
    case $group in
    weights) weights_cases ;;
    vocabulary) vocabulary_cases ;;
    inputs) large_input_cases ;;
    cache) cache_cases ;;
    network) network_cases ;;
    explorer) explorer_cases ;;
    cachecontent) cachecontent_cases ;;
    esac
done
echo "passed $PASSED, failed $FAILED, skipped $SKIPPED"
((FAILED == 0))

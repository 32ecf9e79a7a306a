#!/usr/bin/env bash
# Builds one libFuzzer target and runs it.
#
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer options…]   build, then fuzz for SECONDS
#   scripts/fuzz.sh --build TARGET                        build only (.build/fuzz/TARGET/fuzzer)
#   scripts/fuzz.sh --list                                the targets (folders of fuzz/)
#
# A target is a folder fuzz/TARGET holding main.swift (the LLVMFuzzerTestOneInput entry)
# and corpus/ (committed seeds). Its first line names the module it fuzzes:
#   // fuzz: module=Inference max_len=16384
# The entry is compiled into that module (so it may use internal API) together with
# fuzz/Support/*.swift; the module's dependencies, read from Package.swift, are compiled as
# separate modules, C targets with clang, system libraries through their module maps and
# pkg-config. Everything is instrumented (-sanitize=fuzzer,address).
#
# New inputs go to .build/fuzz/TARGET/corpus (the committed seeds stay as they are), crash
# inputs to .build/fuzz/TARGET/artifacts/, the log to .build/fuzz/TARGET/run.log.
# The machine is shared: run it as `nice -n 19 scripts/fuzz.sh …`, one target at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/.build/fuzz
MODULES=$OUT/modules
SWIFTC=${SWIFTC:-swiftc}
CLANG=${CLANG:-$(dirname "$(command -v "$SWIFTC")")/clang}
SWIFT_FLAGS=(-parse-as-library -swift-version 6 -O -g -wmo -sanitize=fuzzer,address)

die() { echo "fuzz.sh: $*" >&2; exit 2; }

# Every .swift file under a target folder, subfolders included, in a stable order.
swift_sources() {
    find "$1" -name '*.swift' -type f | LC_ALL=C sort
}

list_targets() {
    for dir in fuzz/*/; do
        [[ -f $dir/main.swift ]] && basename "$dir"
    done
}

# option NAME TARGET: the value of NAME= on the target's `// fuzz:` line.
option() {
    head -n 1 "fuzz/$2/main.swift" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

PACKAGE_JSON=
package_json() {
    if [[ -z $PACKAGE_JSON ]]; then
        mkdir -p "$OUT"
        swift package dump-package > "$OUT/package.json"
        PACKAGE_JSON=$OUT/package.json
    fi
    echo "$PACKAGE_JSON"
}

# dependencies MODULE: MODULE's target dependencies, transitively, dependencies first.
declare -A VISITED=()
ORDER=()
visit() {
    local name=$1 dep
    [[ -n ${VISITED[$name]:-} ]] && return
    VISITED[$name]=1
    for dep in $(jq -r --arg n "$name" \
        '.targets[] | select(.name == $n) | .dependencies[]? | .byName? // empty | .[0]' "$(package_json)"); do
        visit "$dep"
    done
    ORDER+=("$name")
}

target_field() { jq -r --arg n "$1" ".targets[] | select(.name == \$n) | $2" "$(package_json)"; }

target_path() {
    local path
    path=$(target_field "$1" '.path // empty')
    echo "${path:-Sources/$1}"
}

# up_to_date STAMP FLAGS FILE…: true when FILE contents and FLAGS are those of the last build;
# otherwise writes the new digest to STAMP.new, for the caller to keep once the build worked.
up_to_date() {
    local stamp=$1 flags=$2; shift 2
    local digest
    digest=$({ printf '%s\n' "$flags" "$@"; cat "$@"; } | sha256sum | cut -d' ' -f1)
    if [[ -f $stamp && $(cat "$stamp") == "$digest" ]]; then return 0; fi
    echo "$digest" > "$stamp.new"
    return 1
}

build() {
    local target=$1 module
    [[ -f fuzz/$target/main.swift ]] || die "no fuzz target '$target' (have: $(list_targets | tr '\n' ' '))"
    module=$(option module "$target")
    [[ -n $module ]] || die "fuzz/$target/main.swift: first line must be '// fuzz: module=NAME …'"
    visit "$module"
    mkdir -p "$MODULES" "$OUT/$target"

    local include=(-I "$MODULES") link=(-use-ld=lld) objects=() dep type path sources
    for dep in "${ORDER[@]}"; do
        type=$(target_field "$dep" .type)
        path=$(target_path "$dep")
        case $type in
        system)
            include+=(-I "$ROOT/$path")
            local config
            config=$(target_field "$dep" '.pkgConfig // empty')
            if [[ -n $config ]]; then
                for flag in $(pkg-config --cflags "$config"); do include+=(-Xcc "$flag"); done
                # shellcheck disable=SC2207
                link+=($(pkg-config --libs "$config"))
            else
                link+=($(sed -n 's/.*link "\(.*\)".*/-l\1/p' "$path/module.modulemap"))
            fi
            ;;
        regular)
            [[ $dep == "$module" ]] && continue
            mkdir -p "$MODULES/$dep"
            if compgen -G "$path/*.c" > /dev/null; then
                # A C target: objects from clang, and a module map over its public headers.
                printf 'module %s {\n    umbrella "%s"\n    export *\n}\n' "$dep" "$ROOT/$path/include" \
                    > "$MODULES/$dep/module.modulemap"
                include+=(-I "$MODULES/$dep")
                local c_flags=(-O2 -g -fsanitize=address,fuzzer-no-link -I "$path/include")
                for source in "$path"/*.c; do
                    local object=$MODULES/$dep/$(basename "$source" .c).o
                    if ! up_to_date "$object.stamp" "${c_flags[*]}" "$source" "$path"/include/*; then
                        echo "fuzz.sh: clang $source" >&2
                        "$CLANG" "${c_flags[@]}" -c "$source" -o "$object"
                        mv "$object.stamp.new" "$object.stamp"
                    fi
                    objects+=("$object")
                done
            else
                mapfile -t sources < <(swift_sources "$path")
                local flags=("${SWIFT_FLAGS[@]}" "${include[@]}")
                if ! up_to_date "$MODULES/$dep/stamp" "${flags[*]}" "${sources[@]}"; then
                    echo "fuzz.sh: swiftc module $dep" >&2
                    "$SWIFTC" "${flags[@]}" -module-name "$dep" -emit-module \
                        -emit-module-path "$MODULES/$dep.swiftmodule" -c -o "$MODULES/$dep/$dep.o" "${sources[@]}"
                    mv "$MODULES/$dep/stamp.new" "$MODULES/$dep/stamp"
                fi
                objects+=("$MODULES/$dep/$dep.o")
            fi
            ;;
        *) die "$dep: cannot build a $type target into a fuzzer" ;;
        esac
    done

    # A module's sources may sit in subfolders (SwiftPM compiles them all).
    mapfile -t sources < <(swift_sources "$(target_path "$module")")
    sources+=(fuzz/Support/*.swift "fuzz/$target"/*.swift)
    local flags=("${SWIFT_FLAGS[@]}" "${include[@]}")
    if ! up_to_date "$OUT/$target/stamp" "${flags[*]} ${link[*]}" "${sources[@]}" "${objects[@]}" \
        || [[ ! -x $OUT/$target/fuzzer ]]; then
        echo "fuzz.sh: swiftc $target (module $module)" >&2
        # From the output directory: linking with -g leaves module files in the working directory.
        (cd "$OUT/$target" && "$SWIFTC" "${flags[@]}" -module-name "$module" "${sources[@]/#/$ROOT/}" "${objects[@]}" \
            "${link[@]}" -o fuzzer)
        mv "$OUT/$target/stamp.new" "$OUT/$target/stamp"
    fi
    rm -f "$OUT/$target"/*.new "$MODULES"/*/*.new
}

run() {
    local target=$1 seconds=$2; shift 2
    [[ $seconds =~ ^[0-9]+$ ]] || die "SECONDS must be a whole number, not '$seconds'"
    build "$target"
    local max_len dir=$OUT/$target
    max_len=$(option max_len "$target")
    mkdir -p "$dir/corpus" "$dir/artifacts"
    local options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="${max_len:-4096}"
                   -print_final_stats=1 -artifact_prefix="$dir/artifacts/")
    [[ -f fuzz/$target/dictionary ]] && options+=(-dict="fuzz/$target/dictionary")
    echo "fuzz.sh: $dir/fuzzer ${options[*]} $* $dir/corpus fuzz/$target/corpus" >&2
    # The fuzz/… corpus comes second: libFuzzer only adds new inputs to the first directory.
    # Swift's own backtracer is off: libFuzzer reports the crash (and ASan would flag the
    # backtracer's reads of the crashed process's memory).
    SWIFT_BACKTRACE=enable=no "$dir/fuzzer" "${options[@]}" "$@" "$dir/corpus" "fuzz/$target/corpus" 2>&1 | tee "$dir/run.log"
    return "${PIPESTATUS[0]}"
}

case ${1:-} in
--list) list_targets ;;
--build) [[ $# -eq 2 ]] || die "usage: scripts/fuzz.sh --build TARGET"; build "$2" ;;
"" | -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' ;;
*) [[ $# -ge 2 ]] || die "usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer options…]"; run "$@" ;;
esac

#!/usr/bin/env bash
# Builds a JSON Lines corpus from this machine's Debian package descriptions:
#   {"id": PACKAGE, "text": "SHORT DESCRIPTION. LONG DESCRIPTION", "section": SECTION}
# one line per package (tens of thousands), for
#   semblance index --corpus debian debian.jsonl --id-field id
#
# Package names and short descriptions come from `apt-cache dumpavail`; long descriptions
# from apt's Translation-en lists, matched by Description-md5. Debian images often skip
# those lists (Acquire::Languages "none"): pass --fetch-translations to download them once
# (runs `apt-get update -o Acquire::Languages=en`, needs root), else only the short
# descriptions are used and a note says so on stderr.
#
# Usage: scripts/debian-corpus.sh [--fetch-translations] [--limit N] > debian.jsonl
set -euo pipefail

fetch=0
limit=0
while [ $# -gt 0 ]; do
    case "$1" in
        --fetch-translations) fetch=1 ;;
        --limit) limit="${2:?--limit needs a number}"; shift ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "debian-corpus.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

command -v apt-cache >/dev/null || { echo "debian-corpus.sh: apt-cache not found (Debian or Ubuntu only)" >&2; exit 1; }

if [ "$fetch" = 1 ]; then
    apt-get update -qq -o Acquire::Languages=en >&2
fi

translations=(/var/lib/apt/lists/*_i18n_Translation-en*)
if [ ! -e "${translations[0]}" ]; then
    echo "debian-corpus.sh: no Translation-en lists: using short descriptions only (rerun with --fetch-translations for long ones)" >&2
    translations=()
fi

# Decompresses whatever apt stored (lz4, gz, xz or plain).
cat_lists() {
    for file in "$@"; do /usr/lib/apt/apt-helper cat-file "$file"; echo; done
}

# First pass (translations): md5 -> long description. Second pass (dumpavail): one object
# per package, first occurrence only.
{
    if [ ${#translations[@]} -gt 0 ]; then cat_lists "${translations[@]}"; fi
    echo "@@DUMPAVAIL@@"
    apt-cache dumpavail
} | awk -v limit="$limit" '
function json(s) {
    gsub(/\\/, "\\\\\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, " ", s); gsub(/\r/, "", s); gsub(/[\001-\037]/, " ", s)
    return "\"" s "\""
}
function flush_translation() {
    if (t_md5 != "" && t_long != "") long[t_md5] = t_long
    t_md5 = ""; t_long = ""; in_t = 0
}
function flush_package(    text) {
    # Past --limit the input is still read to its end, so apt-cache never gets SIGPIPE.
    if (p_name != "" && p_short != "" && !(p_name in seen) && !(limit > 0 && count >= limit)) {
        seen[p_name] = 1
        text = p_short
        if (p_md5 in long) text = text ". " long[p_md5]
        print "{\"id\":" json(p_name) ",\"text\":" json(text) ",\"section\":" json(p_section) "}"
        count++
    }
    p_name = ""; p_short = ""; p_md5 = ""; p_section = ""
}
$0 == "@@DUMPAVAIL@@" { flush_translation(); mode = 1; next }
mode == 0 {
    if ($0 == "") { flush_translation(); next }
    if ($0 ~ /^Description-md5: /) { t_md5 = substr($0, 18); in_t = 0; next }
    if ($0 ~ /^Description-[a-z_A-Z]+: /) { in_t = 1; next }  # the short line is in dumpavail too
    if (in_t && $0 ~ /^ /) {
        line = substr($0, 2)
        if (line == ".") line = ""
        t_long = (t_long == "" ? line : (line == "" ? t_long : t_long " " line))
        next
    }
    in_t = 0
    next
}
{
    if ($0 == "") { flush_package(); next }
    if ($0 ~ /^Package: /) p_name = substr($0, 10)
    else if ($0 ~ /^Description: /) p_short = substr($0, 14)
    else if ($0 ~ /^Description-md5: /) p_md5 = substr($0, 18)
    else if ($0 ~ /^Section: /) p_section = substr($0, 10)
}
END { flush_package() }
'

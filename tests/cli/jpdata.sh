#!/bin/sh
# data/jp-sector is what its generator writes: generate.py, run in a copy,
# reproduces the five CSV files byte for byte (data/jp-sector/README.md,
# Regenerating), and the files load.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
command -v python3 >/dev/null 2>&1 || { echo "jpdata: python3 missing (scripts/install-deps.sh)" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }
cp "$top_srcdir/data/jp-sector/generate.py" "$tmp/"
python3 "$tmp/generate.py" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; fail "generate.py failed"; }
for f in institutions services vendors cloud dependencies; do
	cmp -s "$tmp/$f.csv" "$top_srcdir/data/jp-sector/$f.csv" ||
		fail "data/jp-sector/$f.csv differs from what generate.py writes"
done
"$CHOKEPOINT" -q validate "$top_srcdir/data/jp-sector" > /dev/null || fail "data/jp-sector does not validate"
echo "jpdata: data/jp-sector is generate.py's output"

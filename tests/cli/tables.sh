#!/bin/sh
# Every column of every text table of summary.txt (analyze and run) shows
# what the CSV file it summarises holds (tests/cli/tables.py).
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
command -v python3 >/dev/null 2>&1 || { echo "tables: python3 missing (scripts/install-deps.sh)" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
chk="python3 $top_srcdir/tests/cli/tables.py"
cd "$top_srcdir"
"$CHOKEPOINT" -q analyze data/jp-sector -o "$tmp/jp"
$chk analyze "$tmp/jp"
"$CHOKEPOINT" -q analyze tests/data/tiny -o "$tmp/tiny"
$chk analyze "$tmp/tiny"
"$CHOKEPOINT" -q run models/baseline-annual.ini models/edr-update-crash.ini -n 1000 --no-charts -o "$tmp/run"
$chk run "$tmp/run/baseline-annual"
$chk run "$tmp/run/edr-update-crash"
(cd tests/data && "$CHOKEPOINT" -q run models/tiny-clearing.ini -n 1000 --no-charts -o "$tmp/trun")
$chk run "$tmp/trun/tiny-clearing"
echo "tables: summary.txt agrees with the CSV files"

#!/bin/sh
# Charts (chokepoint-report(5) CHARTS): each SVG parses as SVG, carries its
# title and holds the expected series, one stroke colour per series.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

# PLplot writes text as hexadecimal character references: decode them.
decode() {
	awk 'function hex(s,  i, c, v) { v = 0
		for (i = 1; i <= length(s); i++) {
			c = index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
			v = v * 16 + c }
		return v }
	{ out = ""; line = $0
	  while (match(line, /&#x[0-9A-Fa-f]+;/)) {
		out = out substr(line, 1, RSTART - 1) sprintf("%c", hex(substr(line, RSTART + 3, RLENGTH - 4)))
		line = substr(line, RSTART + RLENGTH) }
	  print out line }' "$1" | tr -d '\n' | sed 's/<[^>]*>//g'
}

# check FILE TITLE-TEXT N-SERIES
check() {
	f=$1
	[ -s "$f" ] || fail "$f missing"
	head -n 1 "$f" | grep -q '^<?xml' || fail "$f: no XML declaration"
	grep -q '<svg' "$f" || fail "$f: no <svg> element"
	tail -n 3 "$f" | grep -q '</svg>' || fail "$f: not closed by </svg>"
	decode "$f" | grep -qF "$2" || fail "$f: title \"$2\" not found"
	# series colours: the Okabe-Ito palette entries used for data
	n=0
	for c in 0072B2 D55E00 009E73 CC79A7 E69F00 56B4E9; do
		grep -q "stroke=\"#$c\"\|fill=\"#$c\"" "$f" && n=$((n + 1))
	done
	[ "$n" -eq "$3" ] || fail "$f: expected $3 series colours, found $n"
}

cd "$top_srcdir/tests/data"
"$CHOKEPOINT" -q run models/tiny-clearing.ini -n 2000 -o "$tmp/run"
check "$tmp/run/tiny-clearing/exceedance.svg" "tiny-clearing: institutions in breach per event" 1
check "$tmp/run/tiny-clearing/sources.svg" "outage sources by share of service breaches" 1
decode "$tmp/run/tiny-clearing/sources.svg" | grep -qF "clearing-down" ||
	fail "sources.svg does not name the shock"

"$CHOKEPOINT" -q analyze tiny -o "$tmp/an"
check "$tmp/an/breach_curves.svg" "Institutions in breach if one provider alone is down" 6
decode "$tmp/an/breach_curves.svg" | grep -qF "clearing" || fail "breach curve legend lacks clearing"
check "$tmp/an/hhi.svg" "Concentration of each provider market" 1

# --no-charts writes none
"$CHOKEPOINT" -q run models/tiny-clearing.ini -n 100 --no-charts -o "$tmp/nc"
[ ! -e "$tmp/nc/tiny-clearing/exceedance.svg" ] || fail "--no-charts wrote a chart"
echo "charts: SVG files parse and hold their series"

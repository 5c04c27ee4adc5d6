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

# The text of each <text> element, one a line.
texts() {
	tr -d '\n' < "$1" | sed 's/<text/\n<text/g' | grep '^<text' |
		sed 's/<\/text>.*//' > "$tmp/texts.svg"
	decode "$tmp/texts.svg" > /dev/null # (checks that it decodes)
	while IFS= read -r line; do
		printf '%s\n' "$line" > "$tmp/one.svg"
		decode "$tmp/one.svg"
		echo
	done < "$tmp/texts.svg"
}

# The vertices of the polylines of one stroke colour, one polyline a line.
polylines() {
	tr -d '\n' < "$1" | sed 's/<polyline/\n<polyline/g' | grep '^<polyline' |
		sed 's/\/>.*//' | grep "stroke=\"#$2\"" | sed 's/.*points="\([^"]*\)".*/\1/'
}

# Every polyline of colour $2 in $1 with at least $3 vertices is a step:
# only horizontal and vertical segments.  Prints the number of horizontal
# segments of each.
steps() {
	polylines "$1" "$2" | awk -v min="$3" -v f="$1" '{
		if (NF < min) next
		h = 0
		for (i = 2; i <= NF; i++) {
			split($(i - 1), a, ","); split($i, b, ",")
			if (a[2] == b[2]) { if (a[1] != b[1]) h++ }
			else if (a[1] != b[1]) { print "FAIL: " f ": sloped segment " $(i - 1) " " $i; exit 1 }
		}
		print h
	}'
}

cd "$top_srcdir/tests/data"
"$CHOKEPOINT" -q run models/tiny-clearing.ini -n 2000 -o "$tmp/run" --trials-out "$tmp/trials.csv"
ex=$tmp/run/tiny-clearing/exceedance.svg
check "$ex" "institutions in breach, per simulated event" 1
texts "$ex" > "$tmp/ex.txt"
grep -qx "tiny-clearing" "$tmp/ex.txt" || fail "exceedance.svg: no model title line"
grep -q "^headline: p_systemic = P(>= 2 institutions holding >= 10 % of assets breach) = 0\.[0-9]* per simulated event$" "$tmp/ex.txt" ||
	fail "exceedance.svg: no headline metric with its threshold and unit"
grep -q "per simulated event (log scale)" "$tmp/ex.txt" || fail "exceedance.svg: y axis lacks the unit"
# The curve is a step function with one level per distinct N >= 1 of the
# trials (N = institutions_breached, from --trials-out).
levels=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "institutions_breached") c = i; next }
	$c >= 1 { seen[$c] = 1 } END { n = 0; for (k in seen) n++; print n }' "$tmp/trials.csv")
[ "$levels" -ge 2 ] || fail "tiny-clearing: expected at least two levels of N, got $levels"
got=$(steps "$ex" 0072B2 3)
[ -n "$got" ] || fail "exceedance.svg: no curve"
[ "$got" = "$levels" ] || fail "exceedance.svg: $got horizontal steps, expected $levels (distinct N >= 1)"

src=$tmp/run/tiny-clearing/sources.svg
check "$src" "outage sources by Shapley share of service breaches, per simulated event" 0
texts "$src" | grep -qx "One outage source, clearing-down, causes every service breach (100.0 %)." ||
	fail "sources.svg with one source does not say so in a sentence"
grep -q 'fill="#0072B2"' "$src" && fail "sources.svg draws a bar for a single source"

"$CHOKEPOINT" -q analyze tiny -o "$tmp/an"
bc=$tmp/an/breach_curves.svg
check "$bc" "Institutions in breach if one provider alone is down for d hours" 5
texts "$bc" > "$tmp/bc.txt"
grep -qx "clearing" "$tmp/bc.txt" || fail "breach curve legend lacks clearing"
# cl and cl-tky (its region) breach the same institutions at every duration
grep -qx "cl-tky = same as cl" "$tmp/bc.txt" || fail "breach_curves.svg: coinciding curves not noted"
# it is drawn dashed, third colour: PLplot writes each dash as a polyline
[ "$(polylines "$bc" 009E73 | wc -l)" -gt 20 ] ||
	fail "breach_curves.svg: the coinciding curve is not dashed"
# 9 finite durations: each solid curve 18 vertices, horizontal and
# vertical segments only
for c in 0072B2 D55E00 CC79A7 E69F00; do
	n=$(steps "$bc" "$c" 3)
	[ "$n" = 9 ] || fail "breach_curves.svg: series #$c has '$n' steps, expected 9"
done
# whole institutions: no tick label between two counts
grep -qx "0\.5\|1\.5" "$tmp/bc.txt" && fail "breach_curves.svg: fractional institutions on the axis"

hhi=$tmp/an/hhi.svg
check "$hhi" "Concentration of each provider market (HHI)" 1
texts "$hhi" > "$tmp/hhi.txt"
for t in 1000 1800 10000 "2023 U.S. Merger Guidelines"; do
	grep -q "$t" "$tmp/hhi.txt" || fail "hhi.svg: no \"$t\""
done
# bars sorted: the value labels (the lines that are whole numbers, less
# the axis ticks and thresholds) are concentration.csv's HHIs
# (institutions weighting), in descending order
grep -x '[0-9][0-9]*' "$tmp/hhi.txt" | grep -vx '0\|2000\|4000\|6000\|8000\|10000\|1000\|1800' > "$tmp/hhi.got" || true
awk -F, '$3 == "institutions" && $7 != "" { printf "%.0f\n", $7 }' "$tmp/an/concentration.csv" |
	sort -rn | grep -vx '0\|2000\|4000\|6000\|8000\|10000\|1000\|1800' > "$tmp/hhi.want2" || true
cmp -s "$tmp/hhi.got" "$tmp/hhi.want2" || fail "hhi.svg: bars not the markets' HHIs from the most concentrated"

# On data/jp-sector market infrastructures fill the top six: the worst
# cloud node still has its curve.
"$CHOKEPOINT" -q analyze "$top_srcdir/data/jp-sector" -o "$tmp/jp"
texts "$tmp/jp/breach_curves.svg" | grep -q "^cloud-.* (worst cloud node)$" ||
	fail "jp-sector breach_curves.svg: no cloud provider"

# --no-charts writes none
"$CHOKEPOINT" -q run models/tiny-clearing.ini -n 100 --no-charts -o "$tmp/nc"
[ ! -e "$tmp/nc/tiny-clearing/exceedance.svg" ] || fail "--no-charts wrote a chart"
echo "charts: SVG files parse and hold their series"

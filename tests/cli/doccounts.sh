#!/bin/sh
# doccounts.sh - the figures that README.md, data/jp-sector/README.md and
# chokepoint(1) quote about the shipped data set and the generator are the
# program's: each is computed here from `chokepoint validate`, from the CSV
# files themselves, from `generate` and from `analyze`, and looked for in
# the documents (with their lines joined, so a figure may wrap).
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
LC_ALL=C
export LC_ALL
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
data=$top_srcdir/data/jp-sector

# A document as one line, runs of blanks made one space.
flat() { tr '\n\t' '  ' <"$1" | tr -s ' '; }
flat "$top_srcdir/README.md" >"$tmp/readme"
flat "$data/README.md" >"$tmp/dataset"
flat "$top_srcdir/man/chokepoint.1" >"$tmp/man1"
# has DOC PHRASE: DOC (readme, dataset, man1) quotes PHRASE.
has() { grep -qF -- "$2" "$tmp/$1" || fail "$1 does not say \"$2\""; }
# 12345 -> 12,345
comma() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }

# The counts of data/jp-sector, as validate prints them.
"$CHOKEPOINT" validate "$data" >"$tmp/validate" 2>"$tmp/validate.err" || { echo "FAIL: validate" >&2; exit 1; }
count() { awk -v k="$1" '$1 == k { print $2; exit }' "$tmp/validate"; }
inst=$(count institutions)
svc=$(count services)
vend=$(count vendors)
cloud=$(count cloud)
rows=$(count dependencies)
edges=$(sed -n 's/^dependencies .* -> \([0-9]*\) edges (\([0-9]*\) from parent.*/\1/p' "$tmp/validate")
parent=$(sed -n 's/^dependencies .* -> \([0-9]*\) edges (\([0-9]*\) from parent.*/\2/p' "$tmp/validate")
prov=$((vend + cloud))

# The same counts from the files themselves (no field holds a line break):
# records are lines after the header; institution-shorthand rows are
# dependency rows whose from is an institution id.
recs() { echo $(($(wc -l <"$data/$1") - 1)); }
[ "$(recs institutions.csv)" = "$inst" ] || fail "validate counts $inst institutions, the file holds $(recs institutions.csv)"
[ "$(recs services.csv)" = "$svc" ] || fail "validate counts $svc services, the file holds $(recs services.csv)"
[ "$(recs vendors.csv)" = "$vend" ] || fail "validate counts $vend vendors, the file holds $(recs vendors.csv)"
[ "$(recs cloud.csv)" = "$cloud" ] || fail "validate counts $cloud cloud nodes, the file holds $(recs cloud.csv)"
[ "$(recs dependencies.csv)" = "$rows" ] || fail "validate counts $rows dependency rows, the file holds $(recs dependencies.csv)"
short=$(awk -F, 'FNR == 1 { next } FILENAME ~ /institutions/ { inst[$1] = 1; next }
	($1 in inst) { n++ } END { print n + 0 }' "$data/institutions.csv" "$data/dependencies.csv")

# README.md, the quick start.
has readme "$(comma "$inst") institutions, $(comma "$svc") important business services, $(comma "$prov") providers, $(comma "$edges") dependency edges"
# ... and the number of models it runs, in words.
nmod=$(find "$top_srcdir/models" -maxdepth 1 -name '*.ini' | wc -l)
word=$(echo "one two three four five six seven eight nine ten eleven twelve" | cut -d' ' -f"$nmod")
has readme "runs the $word scenario models of \`models/\`"
# data/jp-sector/README.md, its opening and its table of files.
has dataset "$(comma "$inst") institutions, $(comma "$svc") important business services, $(comma "$prov") providers ($(comma "$vend") outsourcing vendors, $(comma "$cloud") cloud nodes) and $(comma "$rows") dependency rows"
has dataset "| institutions.csv | $(comma "$inst") |"
has dataset "| services.csv | $(comma "$svc") |"
has dataset "| dependencies.csv | $(comma "$rows") | $(comma "$short") institution-shorthand rows; $(comma $((edges - parent))) edges after expansion, plus $(comma "$parent") \`parent\` edges |"
# chokepoint(1): analyze's closing line and cost, and LIMITS.
has man1 "chokepoint: analyzed $prov providers in"
has man1 "($inst institutions, $(comma "$svc") services, $(comma "$prov") providers)"
has man1 "data set ($(comma "$prov") providers)"

# analyze's closing line says the same; the README's table of top
# chokepoints is the start of each row of analyze's summary.txt.
"$CHOKEPOINT" analyze "$data" -o "$tmp/an" --no-charts 2>"$tmp/analyze.err" >/dev/null ||
	fail "analyze exited $?"
grep -q "analyzed $prov providers in" "$tmp/analyze.err" || fail "analyze does not count $prov providers"
awk '/^## What `analyze` reveals/ { s = 1 } s && /^```$/ { if (b) exit; b = 1; next } s && b' \
	"$top_srcdir/README.md" >"$tmp/top"
[ "$(wc -l <"$tmp/top")" -ge 2 ] || fail "README: no table of top chokepoints found"
while IFS= read -r line; do
	awk -v l="$line" 'index($0, l) == 1 { found = 1 } END { exit !found }' "$tmp/an/summary.txt" ||
		fail "README's analyze table row \"$line\" is not in analyze's summary.txt"
done <"$tmp/top"

# The figures of the README's paragraph after the table: institutions in
# breach after 24 hours (breach_curve.csv) of edr-a and cloud-a-tokyo, with
# the assets share of the latter in whole percent; after an unlimited
# outage of cloud-b-tokyo-1; the redundancy groups that zone defeats.
curve() { awk -F, -v p="$1" -v d="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$1 == p && $3 == d { print $col[c] }' "$tmp/an/breach_curve.csv"; }
edr=$(curve edr-a 24 institutions_breached)
tky=$(curve cloud-a-tokyo 24 institutions_breached)
tkyshare=$(curve cloud-a-tokyo 24 assets_share_breached | awk '{ printf "%.0f", 100 * $1 }')
zone=$(curve cloud-b-tokyo-1 inf institutions_breached)
fr=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["provider"] == "cloud-b-tokyo-1" { n++ } END { print n + 0 }' "$tmp/an/false_redundancy.csv")
has readme "in breach in a day ($edr) than Cloud A's Tokyo region ($tky, though they hold $tkyshare % of the assets)"
has readme "Cloud B's Tokyo zone 1, puts $zone institutions in breach"
has readme "that $fr services rely on both run in it"

# chokepoint(1) generate: what --preset eu prints, verbatim, and the
# rounded figures of --preset jp.
"$CHOKEPOINT" generate --preset eu -o "$tmp/eu" | tail -n +2 >"$tmp/eu.out" || fail "generate eu"
awk '/^eu: generated preset eu at scale 1 with seed 1$/ { s = 1; next } s && /^\.Ed$/ { exit } s' \
	"$top_srcdir/man/chokepoint.1" >"$tmp/eu.man"
diff -u "$tmp/eu.man" "$tmp/eu.out" >&2 || fail "chokepoint(1): generate's eu output differs (above: + program)"
"$CHOKEPOINT" generate --preset jp -o "$tmp/jp" >/dev/null || fail "generate jp"
"$CHOKEPOINT" validate "$tmp/jp" >"$tmp/validate" 2>"$tmp/validate.err" || fail "validate generated jp"
jinst=$(count institutions)
jsvc=$(count services)
jrows=$(count dependencies)
fleets=$(awk '$1 == "endpoint_fleet" { print $2 }' "$tmp/validate")
jprov=$(($(count vendors) + $(count cloud) - fleets))
# "about N": within 5 %.
about() { awk -v n="$1" -v q="$2" 'BEGIN { exit !(n >= 0.95 * q && n <= 1.05 * q) }'; }
has man1 "$jinst institutions, about 2,300 services, $jprov providers and about 580 endpoint fleets, about 6,000 dependency rows"
about "$jsvc" 2300 || fail "generate jp: $jsvc services, not about 2,300"
about "$fleets" 580 || fail "generate jp: $fleets endpoint fleets, not about 580"
about "$jrows" 6000 || fail "generate jp: $jrows dependency rows, not about 6,000"

[ "$fails" -eq 0 ] || exit 1
echo "doccounts: $inst institutions, $svc services, $prov providers, $edges edges, as the documents say"

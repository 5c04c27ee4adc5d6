#!/bin/sh
# Researchers' workflow (chokepoint(1) sweep, --precision, --trials-out,
# --json): results that must hold exactly under common random numbers.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
M=$top_srcdir/tests/data/models/tiny-clearing.ini
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. p_breach of a-pay is non-increasing as its tolerance grows (same
#    draws at every point: a longer tolerance can only remove breaches).
"$CHOKEPOINT" -q sweep "$M" --vary service.a-pay.tolerance_hours=1:30:8 \
	--scope service -o "$tmp/tol.csv"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["id"] == "a-pay" && $col["metric"] == "p_breach" {
		n++; v = $col["value"] + 0
		if (n > 1 && v > prev) { print "p_breach rose from " prev " to " v; bad = 1 }
		if (n == 1) first = v; prev = v }
	END { if (n != 8) { print "expected 8 points, got " n; bad = 1 }
	      if (!(first > prev)) { print "p_breach did not fall: " first " -> " prev; bad = 1 }
	      exit bad }' "$tmp/tol.csv" || fail "tolerance sweep is not monotone"

# 1b. Every row says what its figure is per, and a sweep over the mode
#    says event for the stress point, year for the annual one; both have
#    p_systemic and p_assets_threshold.
"$CHOKEPOINT" -q sweep "$M" --vary model.mode=stress,annual --set model.baseline=yes \
	--set shock.clearing-down.frequency=0.5 -n 200 --scope sector -o "$tmp/mode.csv"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i
		if (col["per"] != NF) { print "per is not the last column: " $0; bad = 1 }; next }
	{ want = $col["model.mode"] == "stress" ? "event" : "year"
	  if ($col["per"] != want) { print "row " NR ": per " $col["per"] ", expected " want; bad = 1 }
	  if ($col["metric"] == "p_systemic" || $col["metric"] == "p_assets_threshold") seen[$col["metric"] $col["per"]] = 1 }
	END { if (length(seen) != 4) { print "p_systemic or p_assets_threshold missing"; bad = 1 }
	      exit bad }' "$tmp/mode.csv" || fail "sweep rows do not say what they are per"

# 2. In annual mode, a-pay's expected breaches are non-decreasing as the
#    clearing system's own outage rate grows (Poisson counts by inversion).
"$CHOKEPOINT" -q sweep "$M" --set model.mode=annual --set model.baseline=yes \
	--set shock.clearing-down.frequency=0 \
	--vary node.clearing.annual_outage_rate=0.1,0.5,1,2,4 --scope service \
	-o "$tmp/rate.csv"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["id"] == "a-pay" && $col["metric"] == "expected_breaches" {
		n++; v = $col["value"] + 0
		if (n > 1 && v < prev) { print "breaches fell from " prev " to " v; bad = 1 }
		prev = v }
	END { if (n != 5) { print "expected 5 points, got " n; bad = 1 }; exit bad }' \
	"$tmp/rate.csv" || fail "rate sweep is not monotone"

# 3. A precision run stops at the same trial count, with the same bytes,
#    for -j 1 and -j 2.
for j in 1 2; do
	"$CHOKEPOINT" -q run "$M" -n 1000 --precision 0.02 --target institutions_breached \
		-j $j -o "$tmp/p$j"
done
cmp "$tmp/p1/tiny-clearing/sector.csv" "$tmp/p2/tiny-clearing/sector.csv" ||
	fail "precision run differs between -j 1 and -j 2"
grep -q '"met": true' "$tmp/p1/tiny-clearing/summary.json" || fail "precision target not met"

# 4. --trials-out: the mean of each column equals sector.csv's mean.
"$CHOKEPOINT" -q run "$M" -n 3000 --trials-out "$tmp/trials.csv" -o "$tmp/t"
# systemic and assets_threshold are 0/1: their means are p_systemic and
# p_assets_threshold.
awk -F, 'NR == FNR { if (FNR > 1) { n++; s += $4; a += $5; y += $6; h += $7 }; next }
	$1 == "institutions_breached" { d = s / n - $2; if (d < -1e-3 || d > 1e-3) bad = 1 }
	$1 == "assets_share_breached" { d = a / n - $2; if (d < -1e-6 || d > 1e-6) bad = 1 }
	$1 == "p_systemic" { d = y / n - $2; if (d < -1e-8 || d > 1e-8) bad = 1 }
	$1 == "p_assets_threshold" { d = h / n - $2; if (d < -1e-8 || d > 1e-8) bad = 1; seen = 1 }
	END { if (n != 3000 || !seen) bad = 1; exit bad }' \
	"$tmp/trials.csv" "$tmp/t/tiny-clearing/sector.csv" ||
	fail "--trials-out means differ from sector.csv"

# 5. --json prints one JSON document and nothing else on stdout.
"$CHOKEPOINT" -q run "$M" -n 500 --json -o "$tmp/j" > "$tmp/out.json"
head -c 1 "$tmp/out.json" | grep -q '{' || fail "--json output does not start with {"
tail -n 1 "$tmp/out.json" | grep -qx '}' || fail "--json output does not end with }"
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["model"]["trials"] == 500' \
		"$tmp/out.json" || fail "--json output does not parse"
fi
# 5b. run warns of the institutions that reach the asset threshold alone
#    (tiny: bank-a 83.33 %, bank-b 16.67 % of assets), naming them, once for
#    each data set and threshold of a batch: a and b share them (one
#    warning), c asks 0.5, which bank-a alone reaches (a second one).
D=$top_srcdir/tests/data/tiny
for x in a b c; do cp "$M" "$tmp/$x.ini"; done
printf '[set]\nmodel.systemic_assets_share = 0.5\n' >>"$tmp/c.ini"
"$CHOKEPOINT" run "$tmp/a.ini" "$tmp/b.ini" "$tmp/c.ini" -d "$D" -n 50 --no-charts \
	-o "$tmp/w" 2>"$tmp/w.err" || fail "run of three models"
[ "$(grep -c 'warning: .*institution.* of total assets' "$tmp/w.err")" -eq 2 ] ||
	fail "expected two asset-threshold warnings: $(cat "$tmp/w.err")"
grep -q 'warning: a: 2 institutions hold at least 10 % of total assets .*(bank-a 83.33 %, bank-b 16.67 %)' \
	"$tmp/w.err" || fail "the warning of a does not name bank-a and bank-b"
grep -q 'warning: c: 1 institution holds at least 50 % of total assets .*(bank-a 83.33 %)' \
	"$tmp/w.err" || fail "the warning of c does not name bank-a alone"

# 6. Regressions found in review.
# An annual run with more outage sources (6 providers) than services (3)
# and institutions (2) wrote its summary.txt ranking past an array's end.
"$CHOKEPOINT" -q run "$M" --set model.mode=annual --set model.baseline=yes \
	--set shock.clearing-down.frequency=0.5 -n 1000 -o "$tmp/ann" ||
	fail "annual run with many sources failed"
[ -s "$tmp/ann/tiny-clearing/summary.txt" ] || fail "annual run wrote no summary.txt"
ls "$tmp/ann/tiny-clearing" | grep -q '\.tmp\.' && fail "temporary file left behind"
# A sweep checks every point against the data set before running any:
# min_up 3 of a 2-member group is refused before point 1 runs.
if "$CHOKEPOINT" sweep "$M" -n 100 --vary 'dependency.core.cl-tky-?.min_up=1,2,3' \
	-o "$tmp/bad.csv" 2> "$tmp/bad.err"; then fail "bad sweep point accepted"; fi
grep -q "sweep point" "$tmp/bad.err" && fail "a point ran before the bad one was found"
grep -q "expected at most 2" "$tmp/bad.err" || fail "no min_up message: $(cat "$tmp/bad.err")"
[ ! -e "$tmp/bad.csv" ] || fail "a failed sweep left its CSV"
# A single value with ':' is a value, not a START:STOP:N range.
"$CHOKEPOINT" -q sweep "$M" -n 100 --vary 'shock.clearing-down.targets=clearing' \
	--vary 'model.title=a:b' --scope sector -o "$tmp/colon.csv" ||
	fail "a value with ':' was taken for a range"
grep -q '^1,clearing,a:b,sector' "$tmp/colon.csv" || fail "value a:b not in the output"

echo "sweep: monotone sweeps, deterministic precision runs, trials-out and json ok"

#!/bin/sh
# run --importance (chokepoint-report(5), importance.csv): the same bytes
# for -j 1, 2 and 3, on the shipped data set in annual mode (every
# provider) and in stress mode with the providers' own outages on (events
# of several roots, re-propagated with the provider down or held up);
# --top N keeps the first N rows of the full table; no "inf" or "nan" is
# ever printed (an undefined ratio is an empty field); the figure README.md
# quotes is the program's.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

for case in baseline-annual cloud-a-tokyo-region:baseline; do
	model=${case%%:*}
	set --
	[ "$case" = "$model" ] || set -- --set model.baseline=yes
	for j in 1 2 3; do
		"$CHOKEPOINT" -q run "$top_srcdir/models/$model.ini" -n 1500 -s 5 -j "$j" \
			--no-charts --importance -o "$tmp/j$j" "$@"
	done
	f=$model/importance.csv
	cmp "$tmp/j1/$f" "$tmp/j2/$f" || fail "$f differs between -j 1 and -j 2"
	cmp "$tmp/j1/$f" "$tmp/j3/$f" || fail "$f differs between -j 1 and -j 3"
	if grep -Eiq 'inf|nan' "$tmp/j1/$f"; then fail "$f prints inf or nan"; fi
done

# annual: two rows for each of the 659 providers, after the header
rows=$(wc -l < "$tmp/j1/baseline-annual/importance.csv")
[ "$rows" -eq $((2 * 659 + 1)) ] || fail "annual importance.csv has $rows lines, expected 1319"

# --top 4: the first 4 providers (8 rows) of the full table
"$CHOKEPOINT" -q run "$top_srcdir/models/baseline-annual.ini" -n 1500 -s 5 -j 2 \
	--no-charts --importance --top 4 -o "$tmp/top"
head -n 9 "$tmp/j1/baseline-annual/importance.csv" > "$tmp/want"
cmp "$tmp/want" "$tmp/top/baseline-annual/importance.csv" ||
	fail "--top 4 is not the head of the full table"

# without --importance there is no importance.csv, and a run without it
# removes the one an earlier run left in the same directory
"$CHOKEPOINT" -q run "$top_srcdir/models/baseline-annual.ini" -n 100 --no-charts \
	-o "$tmp/none"
[ ! -e "$tmp/none/baseline-annual/importance.csv" ] || fail "importance.csv without --importance"
"$CHOKEPOINT" -q run "$top_srcdir/models/baseline-annual.ini" -n 100 --no-charts \
	--importance --top 1 -o "$tmp/none"
[ -e "$tmp/none/baseline-annual/importance.csv" ] || fail "no importance.csv with --importance"
"$CHOKEPOINT" -q run "$top_srcdir/models/baseline-annual.ini" -n 100 --no-charts \
	-o "$tmp/none"
[ ! -e "$tmp/none/baseline-annual/importance.csv" ] || fail "a stale importance.csv survives a run without --importance"

# A systemic share on the threshold to the last bit: institutions of 0.1,
# 0.2, 0.3 and 0.4 (total 1); services of B (tolerance 1 h), A (2 h) and
# C (3 h) on vendor r, A's also on vendor i; shock sr takes r down 10 h
# with probability 0.5, si takes i down with probability 0.001.  With r
# down, A, B and C are in breach: 0.1 + 0.2 + 0.3 is 0.6000000000000001
# in double arithmetic added in that order, but 0.6 when B's and C's are
# added first (0.5) and A's last, so whether the event reaches a threshold
# of 0.6000000000000001 depends on the order of the sum.  Forcing a
# provider down can never end a systemic year, nor holding one up make
# one: R(down) >= R >= R(up), Birnbaum in [0, 1], and r equals the run's
# own p_systemic (sector.csv).
d=$tmp/tie
mkdir "$d"
printf 'id,name,type,total_assets,systemic,country\nA,A,bank,0.1,0,JP\nB,B,bank,0.2,0,JP\nC,C,bank,0.3,0,JP\nD,D,bank,0.4,0,JP\n' >"$d/institutions.csv"
printf 'id,institution,name,category,tolerance_hours,daily_volume\nsB,B,P,payments,1,1\nsA,A,P,payments,2,1\nsC,C,P,payments,3,1\n' >"$d/services.csv"
printf 'id,name,type,parent,country,annual_outage_rate,outage_median_hours,outage_p95_hours\nr,R,core,,JP,0.1,1,2\ni,I,core,,JP,0.1,1,2\n' >"$d/vendors.csv"
printf 'from,to,group,min_up,failover_hours\nsB,r,,,\nsA,r,,,\nsC,r,,,\nsA,i,,,\n' >"$d/dependencies.csv"
printf '[model]\ndata = tie\nmode = stress\ntrials = 1000\nseed = 3\nsystemic_assets_share = 0.6000000000000001\nsystemic_min_institutions = 1\n\n[shock sr]\ntargets = r\nprobability = 0.5\nduration = fixed 10\n\n[shock si]\ntargets = i\nprobability = 0.001\nduration = fixed 10\n' >"$tmp/tie.ini"
"$CHOKEPOINT" -qq run "$tmp/tie.ini" --no-charts --importance -o "$tmp/tieout" ||
	fail "the threshold case did not run"
awk -F, 'NR > 1 && $3 == "p_systemic" {
	if (!($5 >= $4 && $4 >= $6)) { print "R(down) >= R >= R(up) fails for " $1 ": " $0; bad = 1 }
	if (!($7 >= 0 && $7 <= 1)) { print "Birnbaum outside [0, 1] for " $1 ": " $0; bad = 1 }
} END { exit bad }' "$tmp/tieout/tie/importance.csv" >&2 || fail "importance at the systemic threshold"
mean=$(awk -F, 'NR == 1 { for (k = 1; k <= NF; k++) c[$k] = k }
	$c["metric"] == "p_systemic" { print $c["mean"] }' "$tmp/tieout/tie/sector.csv")
awk -F, -v m="$mean" 'NR > 1 && $3 == "p_systemic" && $4 != m { bad = 1 } END { exit bad }' \
	"$tmp/tieout/tie/importance.csv" || fail "importance r of p_systemic is not sector.csv's mean $mean"
# README.md quotes the baseline year's Fussell-Vesely of p_systemic for
# the shinkin banks' shared center (20,000 years, the model's seed)
"$CHOKEPOINT" -q run "$top_srcdir/models/baseline-annual.ini" -j 2 --no-charts \
	--importance -o "$tmp/full"
quote=$(awk -F, '$1 == "core-shinkin" && $3 == "p_systemic" {
	printf "Fussell–Vesely %.3f, 95 %% interval %.3f to %.3f", $10, $11, $12 }' \
	"$tmp/full/baseline-annual/importance.csv")
tr '\n' ' ' < "$top_srcdir/README.md" | tr -s ' ' | grep -qF "$quote" ||
	fail "README.md does not quote \"$quote\""
echo "importance: same bytes for -j 1, 2, 3; --top is the head of the table"

#!/bin/sh
# Large valid inputs (chokepoint(1) LIMITS): a dependency chain of 100,000
# providers and a cycle through all of them are walked without recursion
# (a recursive walk would overflow the stack), and nothing that scales with
# the input is quadratic where it need not be (validate once compared every
# type with every other: minutes for 300,000 types).
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }
N=100000

# A data set of one institution, one service and N vendors v0 .. v(N-1):
# the service needs v0, v_i needs v_(i+1).  $1: directory; $2: vendor type
# ("each": a type of its own per vendor); $3: "cycle" to close the chain.
chain()
{
	mkdir "$1"
	printf 'id,name,type,total_assets,systemic,country\nbank,Bank,bank,1,1,JP\n' \
		>"$1/institutions.csv"
	printf 'id,institution,name,category,tolerance_hours,daily_volume\n%s\n' \
		'pay,bank,Payments,payments,2,1' >"$1/services.csv"
	awk -v n="$N" -v t="$2" 'BEGIN {
		print "id,name,type,parent,country,annual_outage_rate,outage_median_hours,outage_p95_hours"
		for (i = 0; i < n; i++)
			printf "v%d,Vendor %d,%s,,JP,0.01,1,2\n", i, i, t == "each" ? "type" i : t }' \
		>"$1/vendors.csv"
	awk -v n="$N" -v c="${3:-}" 'BEGIN { print "from,to,group,min_up,failover_hours"
		print "pay,v0,,,"
		for (i = 0; i + 1 < n; i++) printf "v%d,v%d,,,\n", i, i + 1
		if (c == "cycle") printf "v%d,v0,,,\n", n - 1 }' >"$1/dependencies.csv"
}

cat >"$tmp/far-end.ini" <<EOF
; The vendor at the far end of the chain fails for 5 h: every trial,
; the one service (tolerance 2 h) is breached through $N links.
[model]
trials = 200
[shock far-end]
targets = v$((N - 1))
duration = fixed 5
EOF

# 1. The chain: validate, export, run.
chain "$tmp/chain" it
"$CHOKEPOINT" validate "$tmp/chain" >"$tmp/out" || fail "validate of the chain"
grep -q "^dependencies *$N rows" "$tmp/out" || fail "validate: not $N rows"
"$CHOKEPOINT" graph "$tmp/chain" -f csv -o "$tmp/chain.csv" || fail "graph of the chain"
[ "$(grep -c '^v[0-9]*,v[0-9]*,' "$tmp/chain.csv")" -eq $((N - 1)) ] ||
	fail "graph: not $((N - 1)) vendor edges"
"$CHOKEPOINT" -q run "$tmp/far-end.ini" -d "$tmp/chain" -o "$tmp/run" --no-charts ||
	fail "run on the chain"
grep -q '^institutions_breached,1,' "$tmp/run/far-end/sector.csv" ||
	fail "run: the far end of the chain did not reach the service"

# 2. A cycle through every vendor: a warning, and the run still works.
chain "$tmp/cycle" it cycle
"$CHOKEPOINT" validate "$tmp/cycle" >/dev/null 2>"$tmp/err" || fail "validate of the cycle"
grep -q "dependency cycle: $N nodes depend on each other" "$tmp/err" ||
	fail "validate: the cycle through every vendor was not reported"
"$CHOKEPOINT" -q run "$tmp/far-end.ini" -d "$tmp/cycle" -o "$tmp/run2" --no-charts ||
	fail "run on the cycle"
grep -q '^institutions_breached,1,' "$tmp/run2/far-end/sector.csv" ||
	fail "run: the cycle did not reach the service"

# 3. 300,000 vendors of 300,000 types: validate lists them all, quickly.
N=300000
chain "$tmp/types" each
if command -v timeout >/dev/null 2>&1; then to="timeout 120"; else to=; fi
$to "$CHOKEPOINT" validate "$tmp/types" >"$tmp/out" || fail "validate of 300000 types (or too slow)"
[ "$(grep -c '^  type' "$tmp/out")" -eq $N ] || fail "validate: not $N types listed"

# 4. Overridden limits.  A precision run's default ceiling (100 rounds) is
# lowered to what the memory limit holds, in whole rounds: 100 KiB =
# 102400 bytes / 30 bytes a trial = 3413 trials -> 3 rounds of 1000.
"$CHOKEPOINT" -q --limit memory=100K run "$top_srcdir/tests/data/models/tiny-clearing.ini" \
	-d "$top_srcdir/tests/data/tiny" -n 1000 --precision 0.000001 --no-charts \
	-o "$tmp/mem" || fail "precision run under a memory limit"
grep -q '"trials": 3000,' "$tmp/mem/tiny-clearing/summary.json" ||
	fail "precision run: not 3000 trials under a 100 KiB memory limit"
# The records limit at its edge: vendors.csv of the 300,000-type set has
# exactly 300,000 records: read whole at records=300000, refused at one
# fewer, with the place of the first record too many.
"$CHOKEPOINT" --limit records=$N validate "$tmp/types" >/dev/null ||
	fail "validate with --limit records=$N"
if "$CHOKEPOINT" --limit records=$((N - 1)) validate "$tmp/types" >/dev/null 2>"$tmp/err"; then
	fail "validate with --limit records=$((N - 1)) passed"
fi
grep -q "vendors.csv:$((N + 1)): more than $((N - 1)) records" "$tmp/err" ||
	fail "records limit: no message naming vendors.csv line $((N + 1))"
# 5. As many institution types as institutions (20,000, each its own
# type t_i; 20 vendors, v_k serving the i with i mod 20 = k): analyze keeps the
# per-type shares sparse (a dense row per provider was 20,000 x 8 bytes x
# providers, and summary.json grew to gigabytes), leaves the per-type
# columns out of reach.csv with a warning, and reach_by_type.csv holds
# one row per (provider, type reached): 20 vendors x 1000 institutions.
M=20000
mkdir "$tmp/itypes"
awk -v n=$M 'BEGIN { print "id,name,type,total_assets,systemic,country"
	for (i = 0; i < n; i++) printf "i%d,I %d,t%d,1,0,JP\n", i, i, i }' >"$tmp/itypes/institutions.csv"
awk -v n=$M 'BEGIN { print "id,institution,name,category,tolerance_hours,daily_volume"
	for (i = 0; i < n; i++) printf "s%d,i%d,S,payments,2,1\n", i, i }' >"$tmp/itypes/services.csv"
awk 'BEGIN { print "id,name,type,parent,country,annual_outage_rate,outage_median_hours,outage_p95_hours"
	for (i = 0; i < 20; i++) printf "v%d,V,it,,JP,0.1,1,2\n", i }' >"$tmp/itypes/vendors.csv"
awk -v n=$M 'BEGIN { print "from,to,group,min_up,failover_hours"
	for (i = 0; i < n; i++) printf "s%d,v%d,,,\n", i, i % 20 }' >"$tmp/itypes/dependencies.csv"
$to "$CHOKEPOINT" analyze "$tmp/itypes" -o "$tmp/itypes-out" --no-charts 2>"$tmp/err" ||
	fail "analyze with $M institution types (or too slow)"
grep -q "warning: .*$M institution types: reach.csv leaves out its per-type columns" "$tmp/err" ||
	fail "analyze: no warning about $M institution types"
head -n 1 "$tmp/itypes-out/reach.csv" | grep -q share_t0 &&
	fail "reach.csv: per-type columns written for $M types"
[ "$(($(wc -l <"$tmp/itypes-out/reach_by_type.csv") - 1))" -eq $M ] ||
	fail "reach_by_type.csv: not $M rows"
grep -q '^v3,t3,1,1,1$' "$tmp/itypes-out/reach_by_type.csv" ||
	fail "reach_by_type.csv: v3 does not reach all of type t3"
# (sparse: 8 MB; with an entry per provider and type, reached or not, it
# was 66 MB: 20 x 20,000 entries of about 145 bytes more)
[ "$(wc -c <"$tmp/itypes-out/summary.json")" -lt 20000000 ] ||
	fail "summary.json: over 20 MB for $M types"
# 6. A 199-of-200 redundancy group: any two of its 200 vendors down breach
# the service, so every pair is an order-2 cut set: 200 * 199 / 2 = 19,900
# (an (n-1)-of-n group makes cut sets quadratic in n).  The
# cutsets limit stops the search: with 100, cutsets.csv has 100 rows, the
# JSON says truncated, and a warning says so.
mkdir "$tmp/kofn"
printf 'id,name,type,total_assets,systemic,country\nbank,Bank,bank,1,1,JP\n' \
	>"$tmp/kofn/institutions.csv"
printf 'id,institution,name,category,tolerance_hours,daily_volume\npay,bank,P,payments,2,1\n' \
	>"$tmp/kofn/services.csv"
awk 'BEGIN { print "id,name,type,parent,country,annual_outage_rate,outage_median_hours,outage_p95_hours"
	for (i = 0; i < 200; i++) printf "v%d,V,it,,JP,0.1,1,2\n", i }' >"$tmp/kofn/vendors.csv"
awk 'BEGIN { print "from,to,group,min_up,failover_hours"
	for (i = 0; i < 200; i++) printf "pay,v%d,g,199,\n", i }' >"$tmp/kofn/dependencies.csv"
"$CHOKEPOINT" -q analyze "$tmp/kofn" -o "$tmp/kofn-all" --no-charts || fail "analyze k-of-n"
[ "$(($(wc -l <"$tmp/kofn-all/cutsets.csv") - 1))" -eq 19900 ] ||
	fail "k-of-n: not 19900 cut sets"
grep -q '"truncated": false,' "$tmp/kofn-all/summary.json" ||
	fail "k-of-n: summary.json says truncated without a limit"
# exactly at the limit: all 19,900 kept, nothing truncated, no warning
"$CHOKEPOINT" --limit cutsets=19900 analyze "$tmp/kofn" -o "$tmp/kofn-eq" --no-charts \
	2>"$tmp/err" || fail "analyze k-of-n with --limit cutsets=19900"
grep -q 'warning' "$tmp/err" && fail "k-of-n: a warning at exactly the cutsets limit"
grep -q '"truncated": false,' "$tmp/kofn-eq/summary.json" ||
	fail "k-of-n: truncated at exactly the cutsets limit"
"$CHOKEPOINT" --limit cutsets=100 analyze "$tmp/kofn" -o "$tmp/kofn-100" --no-charts \
	2>"$tmp/err" || fail "analyze k-of-n with --limit cutsets=100"
grep -q 'warning: .*more than 100 order-2 cut sets' "$tmp/err" ||
	fail "k-of-n: no warning at the cutsets limit"
[ "$(($(wc -l <"$tmp/kofn-100/cutsets.csv") - 1))" -eq 100 ] ||
	fail "k-of-n: not 100 cut sets under the limit"
grep -q '"truncated": true,' "$tmp/kofn-100/summary.json" ||
	fail "k-of-n: summary.json does not say truncated"
grep -q 'INCOMPLETE: the search stopped at the cutsets limit of 100' \
	"$tmp/kofn-100/summary.txt" || fail "k-of-n: summary.txt does not say incomplete"
# The memory limit also covers the cut-set candidate lists: here 200
# entries (each vendor's one candidate, pay) of 4 bytes = 800, besides the
# matrix of 200 * ceil(200 / 64) * 8 = 6,400 bytes: 7,200 fits exactly,
# 7,000 leaves room for 150 entries and is refused with status 65.
"$CHOKEPOINT" -q --limit memory=7200 analyze "$tmp/kofn" -o "$tmp/kofn-m0" --no-charts ||
	fail "k-of-n: matrix and candidates in exactly 7200 bytes refused"
code=0
"$CHOKEPOINT" -q --limit memory=7000 analyze "$tmp/kofn" -o "$tmp/kofn-m1" --no-charts \
	2>"$tmp/err" || code=$?
[ "$code" = 65 ] || fail "k-of-n: candidates over the memory limit: expected 65, got $code"
grep -q 'needs more than 150 candidate entries' "$tmp/err" ||
	fail "k-of-n: no message about the candidate entries"
# 7. 300 services on a chain of 300 vendors (s_i -> v0 -> v1 -> ... ->
# v299): every vendor is a single point of failure of every service,
# 300 * 300 = 90,000 spof.csv rows.  The spof limit stops the rows, not
# the counts.  And the cut-set search's provider-by-provider matrix,
# 300 * ceil(300 / 64) * 8 = 12,000 bytes, is refused under a memory
# limit of 10K (10,240 bytes) with status 65.
mkdir "$tmp/spof"
printf 'id,name,type,total_assets,systemic,country\nbank,Bank,bank,1,1,JP\n' \
	>"$tmp/spof/institutions.csv"
awk 'BEGIN { print "id,institution,name,category,tolerance_hours,daily_volume"
	for (i = 0; i < 300; i++) printf "s%d,bank,S,payments,2,1\n", i }' >"$tmp/spof/services.csv"
awk 'BEGIN { print "id,name,type,parent,country,annual_outage_rate,outage_median_hours,outage_p95_hours"
	for (i = 0; i < 300; i++) printf "v%d,V,it,,JP,0.1,1,2\n", i }' >"$tmp/spof/vendors.csv"
awk 'BEGIN { print "from,to,group,min_up,failover_hours"
	for (i = 0; i < 300; i++) printf "s%d,v0,,,\n", i
	for (i = 0; i + 1 < 300; i++) printf "v%d,v%d,,,\n", i, i + 1 }' >"$tmp/spof/dependencies.csv"
"$CHOKEPOINT" -q analyze "$tmp/spof" -o "$tmp/spof-all" --no-charts || fail "analyze spof chain"
[ "$(($(wc -l <"$tmp/spof-all/spof.csv") - 1))" -eq 90000 ] || fail "spof chain: not 90000 rows"
# With 100 rows kept, all of them v0's (rows come provider by provider),
# the counts must still say 300 services, and 300 for v299, none of
# whose rows is kept.
"$CHOKEPOINT" --limit spof=100 analyze "$tmp/spof" -o "$tmp/spof-100" --no-charts \
	--top 300 2>"$tmp/err" || fail "analyze spof chain with --limit spof=100"
grep -q 'warning: .*more than 100 single points of failure' "$tmp/err" ||
	fail "spof chain: no warning at the spof limit"
[ "$(($(wc -l <"$tmp/spof-100/spof.csv") - 1))" -eq 100 ] ||
	fail "spof chain: not 100 rows under the limit"
grep -q ',v299,' "$tmp/spof-100/spof.csv" && fail "spof chain: a row of v299 kept"
grep -q '^Single points of failure: 300 of 300 services' "$tmp/spof-100/summary.txt" ||
	fail "spof chain: the limit changed the count of services with one"
grep -Eq '^  v299 +it +300 ' "$tmp/spof-100/summary.txt" ||
	fail "spof chain: v299 is not counted a single point of failure of 300 services"
"$CHOKEPOINT" -q --limit memory=12000 analyze "$tmp/spof" -o "$tmp/spof-mem0" \
	--no-charts || fail "analyze at exactly the memory its matrix needs (12000 bytes)"
code=0
"$CHOKEPOINT" --limit memory=10K analyze "$tmp/spof" -o "$tmp/spof-mem" --no-charts \
	2>"$tmp/err" || code=$?
[ "$code" = 65 ] || fail "analyze over the memory limit: expected 65, got $code"
grep -q '300 providers: the cut-set search needs a 11.7 KiB' "$tmp/err" ||
	fail "analyze over the memory limit: no message"
echo "limits: a 100000-node chain and cycle, 300000 types, 20000 institution types, 19900 cut sets, 90000 single points of failure and overridden limits, handled"

#!/bin/sh
# chokepoint generate: the same preset, scale and seed give the same bytes,
# another seed gives another data set, the output passes validate without
# a warning, the eu preset has the counts chokepoint(1) documents, EDR
# customers have endpoint fleets that models/edr-update-crash.ini can hit,
# jp has the clearing relay layer that models/clearing-relay-switch.ini hits,
# every model of models/ runs on jp at scale 0.1, and an existing data set
# is not overwritten without --force.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
fail() {
	echo "FAIL: $*" >&2
	status=1
}
# Does validate's stderr $1 hold a warning other than the one on
# institutions that reach the default asset threshold alone (true of the
# presets' largest banks, as of the real sectors')?
warns() {
	grep -v 'of total assets (systemic_assets_share = ' "$1" | grep -q .
}
files="institutions.csv services.csv vendors.csv cloud.csv dependencies.csv"

# Deterministic for a seed.
"$CHOKEPOINT" generate --preset jp --scale 0.3 -s 7 -o "$tmp/a" > /dev/null
"$CHOKEPOINT" generate --preset jp --scale 0.3 -s 7 -o "$tmp/b" > /dev/null
"$CHOKEPOINT" generate --preset jp --scale 0.3 -s 8 -o "$tmp/c" > /dev/null
for f in $files; do
	[ -s "$tmp/a/$f" ] || fail "jp: $f missing or empty"
	cmp -s "$tmp/a/$f" "$tmp/b/$f" || fail "jp: $f differs between two runs with seed 7"
done
same=1
for f in $files; do
	cmp -s "$tmp/a/$f" "$tmp/c/$f" || same=0
done
[ "$same" = 0 ] || fail "jp: seeds 7 and 8 give the same data set"

# Valid, with no warning (no cycle, no unknown column).
for d in a c; do
	if ! "$CHOKEPOINT" validate "$tmp/$d" > "$tmp/$d.out" 2> "$tmp/$d.err"; then
		fail "jp: generated data set does not validate"
		cat "$tmp/$d.err" >&2
	fi
	warns "$tmp/$d.err" && { fail "jp: validate warns:"; cat "$tmp/$d.err" >&2; }
	grep -q '^cycles  *0$' "$tmp/$d.out" || fail "jp: expected no cycle"
done

# jp at scale 1 has the shipped data set's institution counts.
"$CHOKEPOINT" generate --preset jp -o "$tmp/jp" > /dev/null
"$CHOKEPOINT" validate "$tmp/jp" > "$tmp/jp.out" 2> "$tmp/jp.err" ||
	fail "jp at scale 1 does not validate"
grep -q '^institutions  *953 ' "$tmp/jp.out" || fail "jp: expected 953 institutions"

# Endpoint fleets, as in data/jp-sector: each customer of an EDR vendor
# (edr-a, edr-b) has its own vendor node <vendor>@<customer>, type
# endpoint_fleet, parent the vendor, rate 0, no durations; the customer's
# one row names the fleet, and no row names the vendor itself.
awk -F, '$3 == "endpoint_fleet"' "$tmp/jp/vendors.csv" > "$tmp/fleets"
n_fleets=$(wc -l < "$tmp/fleets")
[ "$n_fleets" -ge 100 ] || fail "jp: expected endpoint fleets, got $n_fleets"
bad=$(awk -F, '$1 != $4 "@" substr($1, index($1, "@") + 1) || $4 !~ /^edr-[a-z]+$/ ||
	$6 != "0" || $7 != "" || $8 != ""' "$tmp/fleets" | head -1)
[ -z "$bad" ] || fail "jp: malformed fleet row: $bad"
awk -F, 'NR > 1 && $2 ~ /^edr-[a-z]+$/' "$tmp/jp/dependencies.csv" | grep -q . &&
	fail "jp: a dependency row names an EDR vendor instead of a fleet"
bad=$(awk -F, 'NR > 1 && $2 ~ /@/ { n[$2]++; if ($2 != substr($2, 1, index($2, "@")) $1)
	print "row " NR ": " $0 } END { for (f in n) if (n[f] != 1) print f " in " n[f] " rows" }' \
	"$tmp/jp/dependencies.csv" | head -1)
[ -z "$bad" ] || fail "jp: fleet rows: $bad"
[ "$(awk -F, 'NR > 1 && $2 ~ /@/' "$tmp/jp/dependencies.csv" | wc -l)" = "$n_fleets" ] ||
	fail "jp: expected one dependency row per fleet"
# The EDR update-crash model runs on the generated set and hits edr-a's fleets.
n_edr_a=$(grep -c '^edr-a@' "$tmp/fleets" || true)
if "$CHOKEPOINT" run "$top_srcdir/models/edr-update-crash.ini" -d "$tmp/jp" -n 2000 \
	-o "$tmp/edr" > "$tmp/edr.log" 2>&1; then
	grep -q "^Shock  *edr-update: $n_edr_a targets" "$tmp/edr/edr-update-crash/summary.txt" ||
		fail "edr-update-crash: expected $n_edr_a targets (edr-a's fleets)"
else
	fail "edr-update-crash on generated jp failed"
	cat "$tmp/edr.log" >&2
fi

# The clearing relay layer, as in data/jp-sector: the clearing system interbank-clearing;
# relay computers clearing-relay-a (current) and clearing-relay-b (newly
# switched), type clearing, each with one row on interbank-clearing; 14 switched
# institutions (9 regional, 3 second-tier regional, 2 trust banks), each
# with its own clearing-relay-b-<institution> (parent clearing-relay-b, rate 0,
# no durations) that its payments service uses and no other institution
# does; no service names interbank-clearing directly.
v=$tmp/jp/vendors.csv
d=$tmp/jp/dependencies.csv
grep -q '^interbank-clearing,Interbank clearing system,clearing,,JP,' "$v" || fail "jp: no clearing system interbank-clearing"
for r in a b; do
	awk -F, -v r="clearing-relay-$r" '$1 == r && $3 == "clearing" && $4 == ""' "$v" | grep -q . ||
		fail "jp: no relay clearing-relay-$r of type clearing"
	[ "$(awk -F, -v r="clearing-relay-$r" '$1 == r' "$d")" = "clearing-relay-$r,interbank-clearing,,," ] ||
		fail "jp: clearing-relay-$r should have one row, on interbank-clearing"
done
awk -F, 'NR > 1 && $2 == "interbank-clearing" && $1 !~ /^clearing-relay-[ab]$/' "$d" | grep -q . &&
	fail "jp: a row names interbank-clearing besides the two relays"
awk -F, '$1 ~ /^clearing-relay-b-/' "$v" > "$tmp/relays"
[ "$(wc -l < "$tmp/relays")" = 14 ] || fail "jp: expected 14 switched relays, got $(wc -l < "$tmp/relays")"
bad=$(awk -F, '$3 != "clearing" || $4 != "clearing-relay-b" || $6 != "0" || $7 != "" ||
	$8 != "" || $2 != "New clearing relay computer of " substr($1, 18)' "$tmp/relays" | head -1)
[ -z "$bad" ] || fail "jp: malformed relay row: $bad"
[ "$(sed 's/^clearing-relay-b-//; s/-[0-9]*,.*//' "$tmp/relays" | sort | uniq -c |
	awk '{ print $2 "=" $1 }' | paste -sd ' ' -)" = "regional=9 regional2=3 trust=2" ] ||
	fail "jp: expected 9 regional, 3 regional2, 2 trust switched relays"
for r in $(cut -d, -f1 "$tmp/relays"); do
	i=${r#clearing-relay-b-}
	grep -q "^$i-payments,$r,,,\$" "$d" || fail "jp: $i-payments does not use $r"
	awk -F, -v r="$r" -v i="$i" 'NR > 1 && $2 == r && index($1, i "-") != 1' "$d" | grep -q . &&
		fail "jp: a row of another institution names $r"
done
# The relay-switch model runs on the generated set and hits the 14 relays.
if "$CHOKEPOINT" run "$top_srcdir/models/clearing-relay-switch.ini" -d "$tmp/jp" -n 2000 \
	-o "$tmp/relay" > "$tmp/relay.log" 2>&1; then
	grep -q "^Shock  *relay-b: 14 targets" "$tmp/relay/clearing-relay-switch/summary.txt" ||
		fail "clearing-relay-switch: expected 14 targets (the switched relays)"
else
	fail "clearing-relay-switch on generated jp failed"
	cat "$tmp/relay.log" >&2
fi

# Named as in data/jp-sector: the shared core-banking centers (A to H by
# market share), the industry centers and the securities back offices
# exist at every scale, and the largest fund transfer operator has app
# payments, so every model of models/ runs on generated jp.  At scale 1
# the ids replace core-001..008, coreind-001..003 and coresec-001..002.
named="core-center-a core-center-b core-center-c core-center-d core-center-e core-center-f
core-center-g core-center-h core-shinkin core-shinkumi core-rokin core-broker-a core-broker-b"
"$CHOKEPOINT" generate --preset jp --scale 0.1 -s 1 -o "$tmp/jp01" > /dev/null
"$CHOKEPOINT" generate --preset jp --scale 2 -s 1 -o "$tmp/jp2" > /dev/null
for d in jp01 jp jp2; do
	for c in $named; do
		grep -q "^$c," "$tmp/$d/vendors.csv" || fail "$d: no vendor $c"
	done
	grep -q '^fundtransfer-001-payments,fundtransfer-001,' "$tmp/$d/services.csv" ||
		fail "$d: no service fundtransfer-001-payments"
done
grep -q '^core-[0-9]' "$tmp/jp/vendors.csv" && fail "jp: a numbered core center at scale 1"
grep -q '^core-009,' "$tmp/jp2/vendors.csv" || fail "jp2: expected core-009 after the named eight"
for d in jp01 jp2; do
	if ! "$CHOKEPOINT" validate "$tmp/$d" > "$tmp/$d.out" 2> "$tmp/$d.err"; then
		fail "$d: generated data set does not validate"
		cat "$tmp/$d.err" >&2
	fi
	warns "$tmp/$d.err" && { fail "$d: validate warns:"; cat "$tmp/$d.err" >&2; }
done
# Every shipped model runs on jp at scale 0.1, and each of its shocks
# resolves to at least one target (summary.txt: "Shock  NAME: N targets").
# Models with variants are left out: a variant names the dependencies of
# data/jp-sector one by one (megabank-a-ibank), which generated data lack.
for m in "$top_srcdir"/models/*.ini; do
	b=$(basename "$m" .ini)
	grep -q '^\[variant ' "$m" && continue
	if ! "$CHOKEPOINT" -q run "$m" -d "$tmp/jp01" -n 50 -o "$tmp/models" --no-charts \
		> "$tmp/$b.log" 2>&1; then
		fail "$b on generated jp (scale 0.1) failed"
		cat "$tmp/$b.log" >&2
		continue
	fi
	want=$(grep -c '^\[shock ' "$m" || true)
	got=$(awk '/^Shock / && $3 + 0 >= 1 && $4 ~ /^targets?,$/' \
		"$tmp/models/$b/summary.txt" | wc -l)
	[ "$got" = "$want" ] ||
		fail "$b: $want shocks, $got of them with at least one target on generated jp"
done

# eu at scale 0.05: 1,000 institutions, about 3 services each, 0.75
# vendors per institution besides the endpoint fleets, the whole cloud
# (244 nodes), 12 to 20 dependency rows per institution; deterministic.
"$CHOKEPOINT" generate --preset eu --scale 0.05 -s 1 -o "$tmp/eu" > /dev/null
"$CHOKEPOINT" generate --preset eu --scale 0.05 -s 1 -o "$tmp/eu2" > /dev/null
for f in $files; do
	cmp -s "$tmp/eu/$f" "$tmp/eu2/$f" || fail "eu: $f differs between two runs with seed 1"
done
if ! "$CHOKEPOINT" validate "$tmp/eu" > "$tmp/eu.out" 2> "$tmp/eu.err"; then
	fail "eu: generated data set does not validate"
	cat "$tmp/eu.err" >&2
fi
warns "$tmp/eu.err" && { fail "eu: validate warns:"; cat "$tmp/eu.err" >&2; }
count() { awk -v k="$1" '$1 == k { print $2; exit }' "$tmp/eu.out"; }
inst=$(count institutions)
svc=$(count services)
fleets=$(count endpoint_fleet)
vend=$(($(count vendors) - ${fleets:-0}))
cloud=$(count cloud)
rows=$(count dependencies)
[ "$inst" = 1000 ] || fail "eu: expected 1000 institutions, got $inst"
[ "$svc" -ge 2700 ] && [ "$svc" -le 3300 ] || fail "eu: expected 2700..3300 services, got $svc"
[ "$vend" -ge 700 ] && [ "$vend" -le 800 ] ||
	fail "eu: expected 700..800 vendors besides fleets, got $vend"
[ "${fleets:-0}" -ge 500 ] || fail "eu: expected endpoint fleets, got ${fleets:-0}"
[ "$cloud" = 244 ] || fail "eu: expected 244 cloud nodes, got $cloud"
[ "$rows" -ge 12000 ] && [ "$rows" -le 20000 ] ||
	fail "eu: expected 12000..20000 dependency rows, got $rows"

# Ids keep three digits however many members a type has: eu at scale 0.4
# has 0.4 * 20000 * 0.26 = 2080 credit institutions, and the first is
# still bank-001 (a width chosen from the count would make it bank-0001,
# and a model naming it would not run at that scale).
"$CHOKEPOINT" generate --preset eu --scale 0.4 -s 1 -o "$tmp/eu4" > /dev/null ||
	fail "eu at scale 0.4"
grep -q '^bank-001,' "$tmp/eu4/institutions.csv" || fail "eu 0.4: no bank-001"
grep -q '^bank-1000,' "$tmp/eu4/institutions.csv" || fail "eu 0.4: no bank-1000"
! grep -Eq '^[a-z_]+-0[0-9]{3},' "$tmp/eu4/institutions.csv" "$tmp/eu4/vendors.csv" ||
	fail "eu 0.4: an id with a four-digit number padded with 0"

# An existing data set is kept unless --force.
code=0
"$CHOKEPOINT" generate --preset jp --scale 0.3 -s 9 -o "$tmp/a" > /dev/null 2>&1 || code=$?
[ "$code" = 73 ] || fail "overwriting without --force: expected exit 73, got $code"
cmp -s "$tmp/a/dependencies.csv" "$tmp/b/dependencies.csv" ||
	fail "a refused generate changed the data set"
"$CHOKEPOINT" generate --preset jp --scale 0.3 -s 8 --force -o "$tmp/a" > /dev/null ||
	fail "--force: expected success"
cmp -s "$tmp/a/dependencies.csv" "$tmp/c/dependencies.csv" ||
	fail "--force with seed 8 should give seed 8's data set"
ls "$tmp/a" | grep -q tmp && fail "temporary files left in the output directory"

# Usage errors.
code=0
"$CHOKEPOINT" generate --preset xx -o "$tmp/x" > /dev/null 2>&1 || code=$?
[ "$code" = 64 ] || fail "--preset xx: expected exit 64, got $code"
code=0
"$CHOKEPOINT" generate --preset jp --scale 0 -o "$tmp/x" > /dev/null 2>&1 || code=$?
[ "$code" = 64 ] || fail "--scale 0: expected exit 64, got $code"
code=0
"$CHOKEPOINT" generate --preset jp > /dev/null 2>&1 || code=$?
[ "$code" = 64 ] || fail "no -o: expected exit 64, got $code"

[ $status -eq 0 ] && echo "generate: deterministic, valid, counts as documented"
exit $status

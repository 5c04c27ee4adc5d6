#!/bin/sh
# init (chokepoint(1) init, chokepoint-data(5) EXAMPLES): the starting data
# set validates and its model runs at once, with the figures worked out by
# hand in chokepoint-data(5); a non-empty directory is refused unless
# --force; the files are written all or none.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
LC_ALL=C
export LC_ALL
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }
files="README.txt institutions.csv services.csv vendors.csv cloud.csv dependencies.csv model.ini"

# field FILE KEY COLUMN: the COLUMN of the row whose first field is KEY.
field() {
	awk -F, -v k="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$1 == k { print $col[c]; found = 1 } END { if (!found) exit 1 }' "$1" ||
		fail "$1: no row $2"
}

d=$tmp/bank-group
"$CHOKEPOINT" init "$d" >"$tmp/init.out" || fail "init exited $?"
for f in $files; do
	[ -s "$d/$f" ] || fail "init did not write $f"
done
grep -qx "  chokepoint validate $d" "$tmp/init.out" || fail "init does not say what to run next"

# validate: no warning, and the counts of the example.
"$CHOKEPOINT" validate "$d" >"$tmp/validate.out" 2>"$tmp/validate.err" ||
	fail "validate exited $?"
# The one warning expected: bank (120 of 160, 75 %) and trust (30 of 160,
# 18.75 %) each hold at least 10 % of the assets on their own.
grep -v 'warning: .*: 2 institutions hold at least 10 % of total assets .* (bank 75 %, trust 18.75 %)' \
	"$tmp/validate.err" >"$tmp/other.err" || true
[ ! -s "$tmp/other.err" ] || fail "validate warned: $(cat "$tmp/other.err")"
grep -q '2 institutions hold at least 10 %' "$tmp/validate.err" ||
	fail "validate did not warn of the two large institutions"
for want in '^institutions  *3   total assets 160, 1 systemic$' '^services  *6 ' \
	'^vendors  *4$' '^cloud  *2$' '^dependencies  *10 rows -> 12 edges .*1 with failover' \
	'^groups  *1 redundancy group' '^cycles  *0$'; do
	grep -q "$want" "$tmp/validate.out" || fail "validate: no line matching $want"
done

# run the model as written: the East region down in every trial for
# lognormal 6 16 hours.  sigma = ln(16/6) / 1.6448536 = 0.596302;
# securities-web (needs cloud-east only, tolerance 4 h) breaches when
# D > 4: P = 1 - Phi(ln(4/6) / 0.596302) = 1 - Phi(-0.679966) = 0.751737.
# bank-internet runs in both regions (1 of 2 needed): never down.
# Only securities (10 of 160 in assets, 6.25 %) breaches: below the 10 %
# systemic threshold, so p_systemic is 0.
out=$tmp/out
(cd "$tmp" && "$CHOKEPOINT" -q run "$d/model.ini" -o "$out") || fail "run exited $?"
r=$out/east-region-outage
lo=$(field "$r/services.csv" securities-web p_breach_lo)
hi=$(field "$r/services.csv" securities-web p_breach_hi)
awk -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(lo <= 0.751737 && 0.751737 <= hi) }' ||
	fail "securities-web: p_breach interval [$lo, $hi] misses 0.751737"
[ "$(field "$r/services.csv" securities-web p_affected)" = 1 ] ||
	fail "securities-web: p_affected is not 1"
for s in bank-payments bank-internet trust-payments trust-custody securities-trading; do
	[ "$(field "$r/services.csv" "$s" p_affected)" = 0 ] || fail "$s: affected by the East region"
done
[ "$(field "$r/sector.csv" p_systemic mean)" = 0 ] || fail "p_systemic is not 0"

# A fixed 6 hours (above the 4 h tolerance): securities-web breaches in
# every trial and is down exactly 6 hours; securities breaches with
# probability 1; the bank's internet banking, redundant, never does.
(cd "$tmp" && "$CHOKEPOINT" -q run "$d/model.ini" -n 1000 -o "$tmp/fixed" \
	--set 'shock.east-region.duration=fixed 6') || fail "run (fixed 6) exited $?"
r=$tmp/fixed/east-region-outage
[ "$(field "$r/services.csv" securities-web p_breach)" = 1 ] || fail "fixed 6: p_breach is not 1"
[ "$(field "$r/services.csv" securities-web mean_downtime_hours)" = 6 ] ||
	fail "fixed 6: mean downtime is not 6"
[ "$(field "$r/services.csv" bank-internet p_breach)" = 0 ] || fail "fixed 6: bank-internet breaches"
[ "$(field "$r/institutions.csv" securities p_breach)" = 1 ] || fail "fixed 6: securities p_breach is not 1"
# One institution in breach is not a systemic event (2 needed); with one
# enough and a 5 % threshold, 6.25 % of the assets in breach is systemic
# in every trial.
[ "$(field "$r/sector.csv" p_systemic mean)" = 0 ] || fail "fixed 6: p_systemic is not 0"
(cd "$tmp" && "$CHOKEPOINT" -q run "$d/model.ini" -n 1000 -o "$tmp/sys" \
	--set 'shock.east-region.duration=fixed 6' --set model.systemic_assets_share=0.05 \
	--set model.systemic_min_institutions=1) || fail "run (share 0.05) exited $?"
[ "$(field "$tmp/sys/east-region-outage/sector.csv" p_systemic mean)" = 1 ] ||
	fail "share 0.05, 1 institution: p_systemic is not 1"

# The annual mode the model's comments offer runs too.
(cd "$tmp" && "$CHOKEPOINT" -q run "$d/model.ini" -n 1000 -o "$tmp/annual" \
	--set model.mode=annual) || fail "run (annual) exited $?"

# analyze: the data centre reaches all three institutions with no direct edge.
"$CHOKEPOINT" -q analyze "$d" -o "$tmp/an" --no-charts || fail "analyze exited $?"
[ "$(field "$tmp/an/reach.csv" datacenter hidden_institutions)" = 3 ] ||
	fail "analyze: datacenter is not hidden behind all 3 institutions"

# The other events worked by hand in chokepoint-data(5).  Data centre down
# 3 hours: core and trading down 3 h, so the five services behind them;
# those with a 2 h tolerance breach (3 > 2), the others do not.
(cd "$tmp" && "$CHOKEPOINT" -q run "$d/model.ini" -n 100 -o "$tmp/dc" \
	--set shock.east-region.targets=datacenter --set 'shock.east-region.duration=fixed 3') ||
	fail "run (data centre) exited $?"
r=$tmp/dc/east-region-outage
for s in bank-payments securities-trading; do
	[ "$(field "$r/services.csv" "$s" p_breach)" = 1 ] || fail "data centre 3 h: $s does not breach"
done
for s in bank-internet trust-payments trust-custody; do
	[ "$(field "$r/services.csv" "$s" p_breach)" = 0 ] || fail "data centre 3 h: $s breaches"
	[ "$(field "$r/services.csv" "$s" mean_downtime_hours)" = 3 ] || fail "data centre 3 h: $s not down 3 h"
done
[ "$(field "$r/services.csv" securities-web p_affected)" = 0 ] || fail "data centre 3 h: securities-web affected"
# Clearing down 5 hours: bank-payments breaches; trust-payments fails
# over after 3 hours: down min(5, 3) = 3 h, within its 4.
(cd "$tmp" && "$CHOKEPOINT" -q run "$d/model.ini" -n 100 -o "$tmp/cl" \
	--set shock.east-region.targets=clearing --set 'shock.east-region.duration=fixed 5') ||
	fail "run (clearing) exited $?"
r=$tmp/cl/east-region-outage
[ "$(field "$r/services.csv" bank-payments p_breach)" = 1 ] || fail "clearing 5 h: bank-payments does not breach"
[ "$(field "$r/services.csv" trust-payments p_breach)" = 0 ] || fail "clearing 5 h: trust-payments breaches"
[ "$(field "$r/services.csv" trust-payments mean_downtime_hours)" = 3 ] || fail "clearing 5 h: trust-payments not down 3 h"

# The documents quote the files and the output as they are: each CSV
# block of chokepoint-data(5) "The data set of chokepoint init", and the
# output in chokepoint(1).
for f in institutions services vendors cloud dependencies; do
	awk -v f="$f.csv :" '/^\.Ss The data set of chokepoint init/ { s = 1 }
		s && /^\.Ss|^\.Sh/ && !/chokepoint init/ { exit }
		s && $0 == ".Pa " f { p = 1; next }
		p && /^\.Bd/ { b = 1; next } b && /^\.Ed/ { exit } b' \
		"$top_srcdir/man/chokepoint-data.5" >"$tmp/man.csv"
	cmp -s "$tmp/man.csv" "$d/$f.csv" || fail "chokepoint-data(5) does not quote $f.csv as init writes it"
done
mkdir "$tmp/doc"
(cd "$tmp/doc" && "$CHOKEPOINT" init bank-group) >"$tmp/init.out" || fail "init bank-group"
awk '/^\$ chokepoint init bank-group$/ { b = 1; next } b && /^\.Ed/ { exit } b' \
	"$top_srcdir/man/chokepoint.1" >"$tmp/man.out"
diff -u "$tmp/man.out" "$tmp/init.out" >&2 || fail "chokepoint(1) does not quote init's output (+ program)"

# A non-empty directory is refused (73) and left as it was.
cp -p "$d/services.csv" "$tmp/services.before"
echo "tolerance changed" >>"$d/services.csv"
cp -p "$d/services.csv" "$tmp/services.edited"
set +e
"$CHOKEPOINT" init "$d" >/dev/null 2>"$tmp/err"
st=$?
set -e
[ "$st" -eq 73 ] || fail "init into a non-empty directory exited $st, not 73"
grep -q 'not empty' "$tmp/err" || fail "init: no 'not empty' message"
cmp -s "$d/services.csv" "$tmp/services.edited" || fail "refused init changed services.csv"
# --force replaces the files init writes and keeps the others.
echo "keep me" >"$d/notes.txt"
"$CHOKEPOINT" init --force "$d" >/dev/null || fail "init --force exited $?"
cmp -s "$d/services.csv" "$tmp/services.before" || fail "init --force did not rewrite services.csv"
[ "$(cat "$d/notes.txt")" = "keep me" ] || fail "init --force touched notes.txt"

# All or none: when one file cannot be written (model.ini is a directory),
# no file is.
e=$tmp/blocked
mkdir -p "$e/model.ini"
set +e
"$CHOKEPOINT" init --force "$e" >/dev/null 2>"$tmp/err"
st=$?
set -e
[ "$st" -eq 73 ] || fail "init with model.ini a directory exited $st, not 73"
for f in $files; do
	[ "$f" = model.ini ] && continue
	[ ! -e "$e/$f" ] || fail "failed init left $f"
done
[ -z "$(find "$e" -name '*.tmp*')" ] || fail "failed init left a temporary file"

echo "init: starting data set validates, runs and matches the hand figures"

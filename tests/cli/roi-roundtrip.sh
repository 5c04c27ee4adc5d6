#!/bin/sh
# generate --format roi, then import: the register round trip.
#
# The eu preset at scale 0.02 is written as CSV and as DORA registers (one
# package per institution) with the same seed; the packages are imported
# with the systemic list written beside them, and both data sets are
# analyzed.  What the register carries must come back equal:
#
#   reach.csv       every column but those the register cannot carry:
#                   kind and type (the register has the ICT service type,
#                   not chokepoint's provider type), and affected_* and
#                   breached_* (they count k-of-n redundancy and failover
#                   hours; the register has neither groups nor hours, only
#                   four substitutability codes);
#   reach_by_type.csv, ctpp.csv   every column.
#
# dora_type may differ only between types of equal share (the tie goes to
# the first type in the order of the file, and import sorts by id).
# Rows are matched by provider (group) id, which the packages keep.  A
# provider only in the CSV data set must be one no service reaches
# (exposed_services 0: it appears in no register); one only in the
# imported set must be a service of the CSV data set that another
# institution's service uses (the register shows its institution as an
# ICT provider, coded by the service id).
#
# Also: two runs give the same bytes, an existing register is not
# replaced without --force, and a directory holding other files is never
# replaced.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
command -v python3 >/dev/null 2>&1 || { echo "roi-roundtrip: python3 missing" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
fail() {
	echo "FAIL: $*" >&2
	status=1
}

"$CHOKEPOINT" generate --preset eu --scale 0.02 -s 3 -o "$tmp/csv" > /dev/null
"$CHOKEPOINT" generate --preset eu --scale 0.02 -s 3 --format roi -o "$tmp/roi" > "$tmp/gen.out"
n_inst=$(($(wc -l < "$tmp/csv/institutions.csv") - 1))
n_zip=$(ls "$tmp/roi" | grep -c '\.zip$' || true)
[ "$n_zip" = "$n_inst" ] || fail "$n_zip packages for $n_inst institutions"
# systemic.txt: the systemic institutions of institutions.csv (column 5)
want=$(awk -F, 'NR > 1 && $5 == 1 { print $1 }' "$tmp/csv/institutions.csv" | sort)
got=$(grep -v '^#' "$tmp/roi/systemic.txt" | sort)
[ "$want" = "$got" ] || fail "systemic.txt is not the systemic institutions"

# One contract (a B_02.02 row) per dependency of a service: a row of
# dependencies.csv from a service is one, from an institution one per
# service of the institution, from a provider none.
want=$(awk -F, 'FILENAME ~ /services/ && FNR > 1 { svc[$1] = 1; n[$2]++; next }
	FNR > 1 { if ($1 in svc) c++; else c += n[$1] } END { print c + 0 }' \
	"$tmp/csv/services.csv" "$tmp/csv/dependencies.csv")
got=$(awk '$1 == "contracts" { print $2 }' "$tmp/gen.out")
[ "$want" = "$got" ] || fail "$got contracts written, $want dependencies of services"

# The same bytes twice.
"$CHOKEPOINT" generate --preset eu --scale 0.02 -s 3 --format roi -o "$tmp/roi2" > /dev/null
diff -r "$tmp/roi" "$tmp/roi2" > /dev/null || fail "two runs differ"

"$CHOKEPOINT" -q import "$tmp"/roi/*.zip --systemic "$tmp/roi/systemic.txt" -o "$tmp/imp" \
	> /dev/null 2> "$tmp/imp.err" || { cat "$tmp/imp.err" >&2; fail "import failed"; }
"$CHOKEPOINT" validate "$tmp/imp" > /dev/null 2>&1 || fail "validate refuses the import"
for d in csv imp; do
	"$CHOKEPOINT" -q analyze "$tmp/$d" -o "$tmp/an-$d" --no-charts > /dev/null 2>&1 ||
		fail "analyze $d failed"
done

python3 - "$tmp" <<'PY' || status=1
import csv, sys
tmp = sys.argv[1]

def load(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))

services = {r["id"] for r in load(tmp + "/csv/services.csv")}
bad = 0

def compare(name, key, skip=()):
    global bad
    a = load("%s/an-csv/%s" % (tmp, name))
    b = load("%s/an-imp/%s" % (tmp, name))
    A = {tuple(r[k] for k in key): r for r in a}
    B = {tuple(r[k] for k in key): r for r in b}
    common = set(A) & set(B)
    if not common:
        print("FAIL: %s: no row in common" % name)
        bad = 1
    for k in sorted(common):
        for c, x in A[k].items():
            if c in skip:
                continue
            y = B[k].get(c)
            if c == "dora_type" and x != y and y:
                share = max(float(A[k]["institutions_share_" + y]),
                            float(A[k]["assets_share_" + y]))
                if share == float(A[k]["dora_max_share"]):
                    continue  # a tie
            if x != y:
                print("FAIL: %s %s %s: %s from CSV, %s imported" % (name, k, c, x, y))
                bad = 1
    for k in sorted(set(A) - set(B)):
        if name == "reach.csv" and A[k]["exposed_services"] != "0":
            print("FAIL: %s: %s is reached but missing after import" % (name, k))
            bad = 1
    for k in sorted(set(B) - set(A)):
        if k[0] not in services:
            print("FAIL: %s: %s only after import, and not a service" % (name, k))
            bad = 1
    return len(common)

n = compare("reach.csv", ["provider"],
            {"kind", "type", "affected_services", "affected_institutions",
             "affected_assets_share", "breached_services", "breached_institutions",
             "breached_assets_share"})
compare("reach_by_type.csv", ["provider", "institution_type"])
compare("ctpp.csv", ["group", "category"])
if n < 500:
    print("FAIL: only %d providers in common" % n)
    bad = 1
sys.exit(bad)
PY

# An existing register: refused without --force, replaced with it.
if "$CHOKEPOINT" generate --preset eu --scale 0.02 -s 4 --format roi -o "$tmp/roi" \
	> /dev/null 2> "$tmp/err"; then
	fail "an existing register was replaced without --force"
fi
grep -q 'already holds a generated register' "$tmp/err" || fail "no message without --force"
diff -r "$tmp/roi" "$tmp/roi2" > /dev/null || fail "a refused run changed the register"
"$CHOKEPOINT" generate --preset eu --scale 0.02 -s 4 --format roi --force -o "$tmp/roi" \
	> /dev/null || fail "--force did not replace the register"
diff -r "$tmp/roi" "$tmp/roi2" > /dev/null && fail "--force left the old register"
# A directory with other files is never replaced, not even with --force.
mkdir "$tmp/other"
echo keep > "$tmp/other/notes.txt"
if "$CHOKEPOINT" generate --preset eu --scale 0.02 --format roi --force -o "$tmp/other" \
	> /dev/null 2>&1; then
	fail "a directory with other files was replaced"
fi
[ "$(cat "$tmp/other/notes.txt")" = keep ] || fail "notes.txt lost"
ls "$tmp" | grep -q '\.tmp\.' && fail "a temporary directory was left"
# Packages without generate's systemic.txt may be registers as filed:
# never replaced, not even with --force.
mkdir "$tmp/filed"
cp "$tmp/roi/$(ls "$tmp/roi" | grep '\.zip$' | head -n 1)" "$tmp/filed/filed.zip"
if "$CHOKEPOINT" generate --preset eu --scale 0.02 --format roi --force -o "$tmp/filed" \
	> /dev/null 2> "$tmp/err"; then
	fail "a folder of packages without systemic.txt was replaced"
fi
[ -f "$tmp/filed/filed.zip" ] || fail "filed.zip lost"
grep -q 'holds packages but not the systemic.txt' "$tmp/err" || fail "no message for filed packages"
# The register's directory gets the usual mode (umask 022: 755), as the
# CSV data set's does.
(umask 022 && "$CHOKEPOINT" -q generate --preset jp --scale 0.02 --format roi -o "$tmp/mode" >/dev/null) ||
	fail "generate --format roi into a new directory failed"
[ "$(stat -c %a "$tmp/mode")" = 755 ] || fail "the register's directory has mode $(stat -c %a "$tmp/mode"), expected 755"
# A resource limit that the generated sector exceeds: exit 65 with the
# limit's own message, nothing written.
rc=0
"$CHOKEPOINT" --limit nodes=100 generate --preset jp --scale 0.05 --format roi -o "$tmp/lim" \
	> /dev/null 2> "$tmp/err" || rc=$?
[ $rc -eq 65 ] || fail "generate --format roi over --limit nodes: exit $rc, expected 65"
grep -q 'limit' "$tmp/err" || fail "generate --format roi over a limit does not name it"
[ ! -e "$tmp/lim" ] || fail "generate --format roi over a limit wrote $tmp/lim"
"$CHOKEPOINT" generate --preset eu --format xml -o "$tmp/x" > /dev/null 2>&1 &&
	fail "--format xml accepted"
exit $status

#!/bin/sh
# analyze: the step-1 summary of ctpp.csv in summary.json and summary.txt.
#
# data/roi-example, imported without --systemic: no institution is
# systemic, so Article 3(2) and 3(3) are not met by any group and every
# one of the 4 provider groups (3 vendors, 1 cloud provider, each its own
# group but BNKA's ICT subsidiary, whose group is its parent BNKA) fails
# step 1: groups 4, step1_met 0, step1_not_met 4, step1_unknown 0.
#
# data/jp-sector: the counts and the lists equal those counted from
# ctpp.csv itself (distinct groups by step1_met; for each unsettled group
# the verdict columns that are unknown), and summary.txt prints the same
# counts.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
command -v python3 >/dev/null 2>&1 || { echo "ctpp-summary: python3 missing" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
ex=$top_srcdir/data/roi-example

"$CHOKEPOINT" -q import "$ex/pkgA" "$ex/pkgB.zip" "$ex/pkgC" -o "$tmp/ex" > /dev/null 2>&1
"$CHOKEPOINT" -q analyze "$tmp/ex" -o "$tmp/an-ex" --no-charts > /dev/null 2>&1
"$CHOKEPOINT" -q analyze "$top_srcdir/data/jp-sector" -o "$tmp/an-jp" --no-charts \
	> /dev/null 2>&1

python3 - "$tmp" <<'PY' || status=1
import csv, json, re, sys
tmp = sys.argv[1]
bad = 0

def fail(msg):
    global bad
    print("FAIL: " + msg)
    bad = 1

c = json.load(open(tmp + "/an-ex/summary.json"))["ctpp"]
want = {"groups": 4, "step1_met": 0, "step1_not_met": 4, "step1_unknown": 0,
        "groups_met": [], "groups_unknown": []}
if c != want:
    fail("roi-example: ctpp is %s, expected %s" % (c, want))

c = json.load(open(tmp + "/an-jp/summary.json"))["ctpp"]
cols = ["art2_met", "art3_2_1_met", "art3_2_2_met", "art5_met"]
groups = {}
with open(tmp + "/an-jp/ctpp.csv", newline="") as f:
    for r in csv.DictReader(f):
        groups[r["group"]] = (r["step1_met"], [k for k in cols if r[k] == "unknown"])
n = {v: sum(1 for s, _ in groups.values() if s == v) for v in ("yes", "no", "unknown")}
if (c["groups"], c["step1_met"], c["step1_not_met"], c["step1_unknown"]) != \
        (len(groups), n["yes"], n["no"], n["unknown"]):
    fail("jp: counts %s, ctpp.csv has %d groups, %s" % (c, len(groups), n))
if n["unknown"] == 0:
    fail("jp: no unsettled group to check")
if c["groups_met"] != sorted(g for g, (s, _) in groups.items() if s == "yes"):
    fail("jp: groups_met")
want = [{"group": g, "unknown": u} for g, (s, u) in sorted(groups.items()) if s == "unknown"]
if c["groups_unknown"] != want:
    fail("jp: groups_unknown differs from ctpp.csv")
text = open(tmp + "/an-jp/summary.txt").read()
line = "%d groups: %d meet every step-1 sub-criterion, %d fail one or more, %d" % (
    len(groups), n["yes"], n["no"], n["unknown"])
if line not in text:
    fail("jp: summary.txt lacks \"%s\"" % line)
first = want[0]
if not re.search(r"\n    %s +%s\n" % (re.escape(first["group"]), ", ".join(first["unknown"])),
                 text):
    fail("jp: summary.txt does not list %s" % first["group"])
sys.exit(bad)
PY
exit $status

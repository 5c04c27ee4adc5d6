#!/bin/sh
# explain.sh - `chokepoint explain`: each trial it reproduces has the
# figures that `run --trials-out` wrote for it (stress and annual mode);
# the paths on tests/data/profile are the ones worked out by hand; --worst
# picks the first trial with the largest value; --dot writes a graph.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$top_srcdir/tests/data"
export CHOKEPOINT
for mode in stress annual; do
	set -- --set model.trials=150 --set model.mode=$mode
	"$CHOKEPOINT" -q run models/profile-stress.ini "$@" -o "$tmp/out" \
		--trials-out "$tmp/$mode.csv" --no-charts
	python3 - "$tmp/$mode.csv" "$mode" "$@" <<'PY'
import csv, json, os, subprocess, sys

trials_csv, mode, sets = sys.argv[1], sys.argv[2], sys.argv[3:]
exe = os.environ["CHOKEPOINT"]
fail = 0

def explain(*args):
    out = subprocess.run([exe, "explain", "models/profile-stress.ini", *sets, "--json",
                          *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)

# Every path starts at a root of its event, down for the root's duration,
# ends at the service, and its downtimes never rise (a hop's downtime is
# a member's after its failover cap, at most the member's own).
# Stress mode fires only the shocks on t1 and core (no baseline); with the
# dependencies of tests/data/profile (a-pay needs core, clr and one of t1,
# t2; b-pay needs core and t1; d-pay needs core) a breached a-pay or d-pay
# is reached from core directly, b-pay from the longer of t1 and core.
def expect_path(tr, ev, svc):
    d = {}
    for r in ev["roots"]:
        d[r["node"]] = max(d.get(r["node"], 0), r["duration_hours"])
    path = [h["node"] for h in svc["path"]]
    downs = [h["down_hours"] for h in svc["path"]]
    name = svc["service"]
    bad = []
    if path[0] not in d or downs[0] != d[path[0]]:
        bad.append("does not start at a root down its duration")
    if path[-1] != name or downs[-1] != svc["down_hours"]:
        bad.append("does not end at the service")
    if any(b > a for a, b in zip(downs, downs[1:])):
        bad.append("downtime rises")
    if abs(svc["excess_hours"] - (svc["down_hours"] - svc["tolerance_hours"])) > 1e-6:
        bad.append("excess is not down - tolerance")
    if mode == "stress":
        if name in ("a-pay", "d-pay"):
            want = ["core", name]
        elif name == "b-pay":
            want = ["core" if d.get("core", 0) >= d.get("t1", 0) else "t1", "b-pay"]
        else:
            want = None
        if want and path != want and not (name == "b-pay" and d.get("core") == d.get("t1")):
            bad.append(f"expected {want}")
    for b in bad:
        print(f"FAIL {mode} trial {tr}: {name} path {path} {downs}: {b}")
    return 1 if bad else 0

rows = list(csv.DictReader(open(trials_csv)))
for row in rows:
    tr = int(row["trial"])
    x = explain("--trial", str(tr))
    f = x["figures"]
    got = (f["events"], f["services_breached"], f["institutions_breached"],
           f["assets_share_breached"], int(f["systemic"]), int(f["assets_threshold"]))
    want = (int(row["events"]), int(row["services_breached"]),
            int(row["institutions_breached"]), float(row["assets_share_breached"]),
            int(row["systemic"]), int(row["assets_threshold"]))
    if got != want:
        print(f"FAIL {mode} trial {tr}: explain {got}, --trials-out {want}")
        fail = 1
    for ev in x["events"]:
        for svc in ev["services"]:
            fail |= expect_path(tr, ev, svc)

# --worst: the first trial with the largest institutions_breached
best = max(int(r["institutions_breached"]) for r in rows)
first = next(int(r["trial"]) for r in rows if int(r["institutions_breached"]) == best)
if explain("--worst")["trial"] != first:
    print(f"FAIL {mode}: --worst is not trial {first}")
    fail = 1
# --breach: the first trial in which b-pay breached
x = explain("--breach", "b-pay")
ok = any(s["service"] == "b-pay" for ev in x["events"] for s in ev["services"])
if not ok:
    print(f"FAIL {mode}: --breach b-pay picked trial {x['trial']} without b-pay")
    fail = 1
for tr in range(1, x["trial"]):
    y = explain("--trial", str(tr))
    if any(s["service"] == "b-pay" for ev in y["events"] for s in ev["services"]):
        print(f"FAIL {mode}: b-pay breached in trial {tr}, before {x['trial']}")
        fail = 1
sys.exit(fail)
PY
done
# --dot: the graph of a trial where core and t1 both fire (trial 2)
"$CHOKEPOINT" explain models/profile-stress.ini --trial 2 --dot "$tmp/t.dot" >/dev/null
grep -q '"core" -> "a-pay";' "$tmp/t.dot"
grep -q '"core" \[label="core\\n6.8 h"' "$tmp/t.dot"
echo "explain: every trial agrees with --trials-out; paths as worked out by hand"

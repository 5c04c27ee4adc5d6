#!/bin/sh
# A year on a large sector takes another path through the trial loop than
# one on a small sector: with 16,384 services or more, a year that touches
# a quarter of them walks every service in index order and adds its
# downtime histogram bins 64 years at a time (end_trial, hist_flush in
# src/sim/montecarlo.c).  The EU preset at scale 0.3 has 17,875 services,
# of which a baseline year touches nine in ten; 70 years make one full
# batch of 64 and a partial one (added when the workers are merged).  The
# checksums below are those of the outputs of the per-trial path (each
# service's histogram row counted at the end of its trial, in the order
# the trial touched the services: the only path before, and the one taken
# here with HB_MIN_SERVICES raised above the sector's size): the two paths
# must agree byte for byte, with -j 1 and -j 2.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
"$CHOKEPOINT" -q generate --preset eu --scale 0.3 -s 1 -o "$tmp/eu" > /dev/null
status=0
for j in 1 2; do
	"$CHOKEPOINT" -q --no-progress run "$top_srcdir/bench/models/baseline-annual-eu.ini" \
		-d "$tmp/eu" -n 70 -s 5 -j "$j" --no-charts -o "$tmp/j$j"
	(cd "$tmp/j$j/baseline-annual-eu" && sha256sum institutions.csv sector.csv services.csv \
		sources.csv) > "$tmp/sums$j"
	cat > "$tmp/want" <<'SUMS'
1ebf9cbfb5e8733a5cd48217cb5987ab4fde80213013baab71ecee8cf12a1a03  institutions.csv
15d2c90a5055be7882d35d157b4e3389dbcc8cff049b53bcea89e670c8e99d9f  sector.csv
34f4119270df24b6a36477ee2e9d2a5c108b8312a48203b84fca9e21cf6c52ae  services.csv
729ee5ee14066516ac830010dd92999e4f19a8a6f97ea88e08a875173e289ab5  sources.csv
SUMS
	if ! cmp -s "$tmp/want" "$tmp/sums$j"; then
		echo "FAIL: -j $j: the outputs of 70 EU years differ from the per-trial path's" >&2
		diff "$tmp/want" "$tmp/sums$j" >&2 || true
		status=1
	fi
done
[ $status -eq 0 ] && echo "largeyear: 70 years at 17,875 services as before, -j 1 and -j 2"
exit $status

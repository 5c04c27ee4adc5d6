#!/bin/sh
# The same model, data and seed must give byte-identical output files for
# any thread count (chokepoint-method(7)).  Runs a stress and an annual
# model on the shipped data set, and one with variants (what-if: its
# compare.csv and compare.txt), with -j 1 and -j 2 and compares every file
# except summary.json's machine-dependent "run" object (threads, wall time).
# The stress model runs again with the providers' own outages on, so that
# events have several sources and sources.csv's attribution re-propagates
# parts of them.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
for case in cloud-a-tokyo-region baseline-annual cloud-a-tokyo-region:baseline what-if; do
	model=${case%%:*}
	set --
	[ "$case" = "$model" ] || set -- --set model.baseline=yes
	rm -rf "$tmp/j1" "$tmp/j2"
	for j in 1 2; do
		"$CHOKEPOINT" -q run "$top_srcdir/models/$model.ini" -n 4321 -s 17 -j "$j" \
			-o "$tmp/j$j" "$@"
		# drop the "run" object: the only thing allowed to differ
		sed '/"run": {/,/}/d' "$tmp/j$j/$model/summary.json" > "$tmp/j$j/$model/summary.json.cmp"
		rm "$tmp/j$j/$model/summary.json"
	done
	for f in "$tmp/j1/$model"/*; do
		b=$(basename "$f")
		if ! cmp -s "$f" "$tmp/j2/$model/$b"; then
			echo "FAIL: $model/$b differs between -j 1 and -j 2" >&2
			diff "$f" "$tmp/j2/$model/$b" | head -20 >&2
			status=1
		fi
	done
	n=$(ls "$tmp/j1/$model" | wc -l)
	[ "$n" -ge 6 ] || { echo "FAIL: $model wrote $n files, expected 6" >&2; status=1; }
done
# analyze: the per-provider pass, the cut-set search and the writers of
# the long files share their work among the threads (-j 1, 2 and 3).
# With the reverse stress test; with the cutsets limit below the 32 cut
# sets of the shipped data set, where the threads' findings pass it and
# the search is done again in one thread's order (the first 10 kept); and
# with the spof limit below its 12,266 rows, where the first 5,000 in
# provider order are kept from the threads' rows.
for case in plain stress limit spof; do
	limit=cutsets=1000000
	set --
	[ "$case" = stress ] && set -- --reverse-stress 0.3
	[ "$case" = limit ] && limit=cutsets=10
	[ "$case" = spof ] && limit=spof=5000
	rm -rf "$tmp/a1" "$tmp/a2" "$tmp/a3"
	for j in 1 2 3; do
		"$CHOKEPOINT" -q --limit "$limit" analyze "$top_srcdir/data/jp-sector" -j "$j" \
			--no-charts -o "$tmp/a$j" "$@" 2>/dev/null || { echo "FAIL: analyze $case -j $j" >&2; status=1; }
	done
	for j in 2 3; do
		if ! diff -r "$tmp/a1" "$tmp/a$j" >/dev/null; then
			echo "FAIL: analyze ($case) differs between -j 1 and -j $j" >&2
			status=1
		fi
	done
	n=$(($(wc -l < "$tmp/a2/cutsets.csv") - 1))
	want=32
	[ "$case" = limit ] && want=10
	[ "$n" -eq "$want" ] || { echo "FAIL: analyze ($case): $n cut sets, expected $want" >&2; status=1; }
	n=$(($(wc -l < "$tmp/a2/spof.csv") - 1))
	want=12266
	[ "$case" = spof ] && want=5000
	[ "$n" -eq "$want" ] || { echo "FAIL: analyze ($case): $n spof rows, expected $want" >&2; status=1; }
done
[ $status -eq 0 ] && echo "determinism: outputs identical for -j 1, -j 2 (and -j 3 for analyze)"
exit $status

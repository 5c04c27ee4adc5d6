#!/bin/sh
# profile.sh - `chokepoint profile`: the indicators of --all-institutions
# agree with each institution's own indicators.csv, row for row, with
# and without models and with every peer grouping; the results are the
# same bytes at -j 1 and -j 2.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$top_srcdir/tests/data"
fail=0
for peers in "" "--peers all" "--peers regional_bank"; do
	# shellcheck disable=SC2086 # $peers is zero or two words
	"$CHOKEPOINT" -q profile profile bank-a bank-b bank-c bank-d --all-institutions \
		-m models/profile-stress.ini -n 2000 -j 1 $peers -o "$tmp/one"
	# shellcheck disable=SC2086
	"$CHOKEPOINT" -q profile profile bank-a bank-b bank-c bank-d \
		-m models/profile-stress.ini -n 2000 -j 2 $peers -o "$tmp/two"
	# shellcheck disable=SC2086
	"$CHOKEPOINT" -q profile profile --all-institutions \
		-m models/profile-stress.ini -n 2000 -j 2 $peers -o "$tmp/all"
	for i in bank-a bank-b bank-c bank-d; do
		for f in indicators.csv providers.csv sources.csv profile.json profile.txt; do
			if ! cmp -s "$tmp/one/$i/$f" "$tmp/two/$i/$f"; then
				echo "FAIL ($peers): $i/$f differs between -j 1 and -j 2" >&2
				fail=1
			fi
		done
		# every row of the institution in the all-institutions table
		head -n 1 "$tmp/all/indicators.csv" >"$tmp/rows"
		grep "^$i," "$tmp/all/indicators.csv" >>"$tmp/rows"
		if ! cmp -s "$tmp/rows" "$tmp/one/$i/indicators.csv"; then
			echo "FAIL ($peers): $i: --all-institutions disagrees with its profile:" >&2
			diff "$tmp/rows" "$tmp/one/$i/indicators.csv" >&2 || true
			fail=1
		fi
	done
	cmp -s "$tmp/all/indicators.csv" "$tmp/one/indicators.csv" || {
		echo "FAIL ($peers): indicators.csv differs with and without profiles" >&2
		fail=1
	}
	rm -rf "$tmp/one" "$tmp/two" "$tmp/all"
done
# 4 institutions x (4 structural + 2 model) indicators
"$CHOKEPOINT" -q profile profile --all-institutions -m models/profile-stress.ini \
	-n 2000 -o "$tmp/all"
rows=$(($(wc -l <"$tmp/all/indicators.csv") - 1))
[ "$rows" -eq 24 ] || { echo "FAIL: $rows rows, expected 24" >&2; fail=1; }
# Ids that differ only by '/' against '_' get directories of their own:
# g/x -> OUTDIR/g%2Fx, g_x -> OUTDIR/g_x (once both went to g_x, the
# second profile overwriting the first).
mkdir "$tmp/slash" || exit 99
for f in "$top_srcdir"/tests/data/tiny/*.csv; do
	sed 's#\bbank-a\b#g/x#g; s#\bbank-b\b#g_x#g' "$f" >"$tmp/slash/$(basename "$f")"
done
"$CHOKEPOINT" -qq profile "$tmp/slash" g/x g_x -o "$tmp/slash-out" ||
	{ echo "FAIL: profile of g/x and g_x" >&2; fail=1; }
[ "$(cut -d, -f1 "$tmp/slash-out/g%2Fx/indicators.csv" | sort -u | grep -v '^institution$')" = g/x ] &&
	[ "$(cut -d, -f1 "$tmp/slash-out/g_x/indicators.csv" | sort -u | grep -v '^institution$')" = g_x ] ||
	{ echo "FAIL: g/x and g_x do not each have their own directory" >&2; fail=1; }
[ "$fail" -eq 0 ] && echo "profile: --all-institutions agrees with every profile"
exit "$fail"

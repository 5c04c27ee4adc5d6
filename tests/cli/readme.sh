#!/bin/sh
# readme.sh - what the README quotes from the program is what the program
# prints: the Commands section's block is `chokepoint --help`, verbatim,
# and the batch.csv excerpt is what `chokepoint run models/*.ini` writes:
# columns of batch.csv, in its order, with every value as written.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-readme.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
awk '/^## Commands/{c=1} c&&/^```$/{if(b){exit} b=1; next} c&&b{print}' \
	"$top_srcdir/README.md" >"$tmp/readme" || exit 99
"$CHOKEPOINT" --help >"$tmp/help" || exit 99
if ! diff -u "$tmp/help" "$tmp/readme"; then
	echo "FAIL: README.md's Commands block differs from chokepoint --help (above: - program, + README)"
	exit 1
fi

awk '/one headline row per/{c=1} c&&/^```$/{if(b){exit} b=1; next} c&&b{print}' \
	"$top_srcdir/README.md" | sed 's/  */,/g' >"$tmp/excerpt.csv" || exit 99
[ -s "$tmp/excerpt.csv" ] || { echo "FAIL: README.md has no batch.csv excerpt"; exit 1; }
"$CHOKEPOINT" -q run "$top_srcdir"/models/*.ini -o "$tmp/out" --no-charts || exit 99
if ! awk -F, 'NR == FNR { if (FNR == 1) for (i = 1; i <= NF; i++) col[$i] = i
		else for (i = 1; i <= NF; i++) v[FNR, i] = $i
		rows = FNR; next }
	FNR == 1 { last = 0
		for (i = 1; i <= NF; i++) {
			if (!($i in col) || col[$i] <= last) {
				print "FAIL: README batch.csv column " $i " is not in batch.csv, or not in its order"
				bad = 1
			}
			last = col[$i]; name[i] = $i
		}
		next }
	{ for (i = 1; i <= NF; i++) if ($i != v[FNR, col[name[i]]]) {
		print "FAIL: README batch.csv row " FNR - 1 ", " name[i] ": " $i ", batch.csv: " v[FNR, col[name[i]]]
		bad = 1 } }
	END { if (FNR != rows) { print "FAIL: README shows " FNR - 1 " rows of batch.csv, the run wrote " rows - 1; bad = 1 }
		exit bad }' "$tmp/out/batch.csv" "$tmp/excerpt.csv"; then
	exit 1
fi
echo "readme: the Commands block is chokepoint --help; the batch.csv excerpt is a run's"

#!/bin/sh
# Every column of every CSV file that chokepoint writes must be defined in
# chokepoint-report(5): policy analysts look each figure up there.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
MAN=$top_srcdir/man/chokepoint-report.5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$top_srcdir/tests/data"
"$CHOKEPOINT" -q run models/tiny-clearing.ini -n 200 -o "$tmp/run" \
	--trials-out "$tmp/run/trials.csv" --importance
# batch.csv needs two models with distinct names
cp models/tiny-clearing.ini "$tmp/other.ini"
sed -i "s|^data = .*|data = $top_srcdir/tests/data/tiny|" "$tmp/other.ini"
"$CHOKEPOINT" -q run models/tiny-clearing.ini "$tmp/other.ini" -n 200 -o "$tmp/batch"
"$CHOKEPOINT" -q analyze tiny -o "$tmp/an" --reverse-stress 0.5
# compare.csv: a model with variants
"$CHOKEPOINT" -q run variants/tiny-variants.ini -n 200 --no-charts -o "$tmp/cmp"
"$CHOKEPOINT" -q sweep models/tiny-clearing.ini -n 100 \
	--vary service.a-pay.tolerance_hours=1,2 -o "$tmp/sweep.csv"
"$CHOKEPOINT" graph tiny -f csv -o "$tmp/graph.csv"
"$CHOKEPOINT" -q profile profile bank-a --all-institutions \
	-m models/profile-stress.ini -n 200 -o "$tmp/profile"

missing=0
checked=0
for f in $(find "$tmp" -name '*.csv' | sort); do
	for col in $(head -n 1 "$f" | tr ',' ' '); do
		case $(basename "$f") in
		sweep.csv) # the varied key's column is named by the key itself
			[ "$col" = service.a-pay.tolerance_hours ] && continue ;;
		esac
		case $col in
		# one column per institution type, documented as a pattern
		institutions_share_*) col=institutions_share_ ;;
		assets_share_megabank | assets_share_regional_bank) col=assets_share_ ;;
		esac
		checked=$((checked + 1))
		# a column is defined where the page names it as a literal
		if ! grep -Eq "(^|[ ])$col( |$|,|\\\\|Ns)" "$MAN"; then
			case $(basename "$f") in
			graph.csv) ;; # documented in chokepoint(1)
			*) echo "undocumented column: $(basename "$f"): $col" >&2
			   missing=$((missing + 1)) ;;
			esac
		fi
	done
done
[ "$checked" -gt 80 ] || { echo "FAIL: only $checked columns checked" >&2; exit 1; }
[ "$missing" -eq 0 ] || { echo "FAIL: $missing columns missing from chokepoint-report(5)" >&2; exit 1; }
echo "reportdoc: all $checked columns defined in chokepoint-report(5)"

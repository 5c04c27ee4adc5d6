#!/bin/sh
# Variants and paired comparisons (chokepoint-model(5) VARIANTS,
# chokepoint-report(5) compare.csv), on tests/data/variants/tiny-variants.ini:
# the clearing system fails in a trial with probability 1/2 for a uniform
# 0..8 hours; a-pay (tolerance 2 h) depends on it alone.  So in the
# baseline a-pay breaches when the shock comes and lasts more than 2 h:
# p = 1/2 * 6/8 = 0.375 (up to sampling).  Checks, by closed form:
#   partner, drop, capped, replaced, regroup, no-clearing, new-partner:
#     a-pay's p_breach is exactly 0 (no-clearing: b-pay's too);
#   new-partner adds a node, which renumbers the cloud nodes: b-pay's
#     breaches and every source's events are still the baseline's;
#   same: every diff, diff_lo and diff_hi exactly 0, and its directory
#     byte-identical to the baseline's (common random numbers);
#   slower (tolerance 6 h): a-pay breaches in a trial only if it does in
#     the baseline, so the per-trial differences are 0 or -1 and
#       s^2 = (N q - N q^2) / (N - 1),  q = p_base - p_variant,
#     diff = -q and the half-width Z975 s / sqrt(N), narrower than the
#     independent one Z975 sqrt(p_b(1-p_b)/N + p_v(1-p_v)/N);
#   the baseline's files equal those of the model run without variants;
#   -j 1 and -j 2 give byte-identical compare.csv and compare.txt;
#   --variant NAME=FILE adds a variant;
#   sweep --vary variant=none,partner,slower gives the runs' p_breach;
#   compare DIR_A DIR_B gives Z975 sqrt(p_b(1-p_b)/N + p_v(1-p_v)/N) and
#     says whether the two directories share seed and trials.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
fail() { echo "FAIL: $*" >&2; status=1; }
model=$top_srcdir/tests/data/variants/tiny-variants.ini
for j in 1 2; do
	"$CHOKEPOINT" -q run "$model" -j "$j" --no-charts -o "$tmp/j$j"
done
out=$tmp/j1/tiny-variants
for f in compare.csv compare.txt; do
	cmp -s "$out/$f" "$tmp/j2/tiny-variants/$f" || fail "$f differs between -j 1 and -j 2"
done
head -1 "$out/compare.csv" | grep -qx 'scope,id,metric,variant,baseline,value,diff,diff_lo,diff_hi' ||
	fail "compare.csv header"
# value of service a-pay in variant V
val() { awk -F, -v v="$1" '$1 == "service" && $2 == "a-pay" && $4 == v { print $6 }' "$out/compare.csv"; }
for v in partner drop capped replaced regroup no-clearing new-partner; do
	[ "$(val $v)" = 0 ] || fail "$v: a-pay p_breach $(val $v), expected exactly 0"
done
# a new node before the cloud nodes: b-pay's breaches the baseline's, trial for trial
b=$(awk -F, '$1 == "service" && $2 == "b-pay" && $4 == "new-partner" { print $7 "," $8 "," $9 }' "$out/compare.csv")
[ "$b" = "0,0,0" ] || fail "new-partner: b-pay diff,lo,hi $b, expected 0,0,0"
[ "$(cut -d, -f1-3 "$out/sources.csv")" = "$(cut -d, -f1-3 "$tmp/j1/tiny-variants@new-partner/sources.csv")" ] ||
	fail "new-partner: events per source differ from the baseline's (streams not keyed by id?)"
v=$(awk -F, '$1 == "service" && $2 == "b-pay" && $4 == "no-clearing" { print $6 }' "$out/compare.csv")
[ "$v" = 0 ] || fail "no-clearing: b-pay p_breach $v, expected exactly 0"
n=$(awk -F, '$4 == "same"' "$out/compare.csv" | wc -l)
[ "$n" -eq 10 ] || fail "same: $n rows, expected 10 (5 sector, 2 institutions, 3 services)"
bad=$(awk -F, '$4 == "same" && ($7 != "0" || $8 != "0" || $9 != "0")' "$out/compare.csv")
[ -z "$bad" ] || fail "same: nonzero differences: $bad"
for f in institutions.csv services.csv sector.csv sources.csv; do
	cmp -s "$out/$f" "$tmp/j1/tiny-variants@same/$f" || fail "same: $f differs from the baseline's"
done
# slower: the closed form of the paired interval, and narrower than independent
awk -F, '$1 == "service" && $2 == "a-pay" && $4 == "slower" {
	N = 4000; z = 1.959963984540054; pb = $5; pv = $6; q = pb - pv
	half = z * sqrt((N * q - N * q * q) / (N - 1)) / sqrt(N)
	ind = z * sqrt(pb * (1 - pb) / N + pv * (1 - pv) / N)
	if (pv <= 0 || pv >= pb) { print "FAIL: slower: p " pv " not in (0, " pb ")"; exit 1 }
	if ((-q - $7) ^ 2 > 1e-16) { print "FAIL: slower: diff " $7 ", expected " -q; exit 1 }
	if ((($9 - $8) / 2 - half) ^ 2 > 1e-14) {
		print "FAIL: slower: half-width " ($9 - $8) / 2 ", expected " half; exit 1 }
	if (!(half < ind)) { print "FAIL: slower: paired " half " not below independent " ind; exit 1 }
	printf "variants: slower: paired half-width %.5f < independent %.5f\n", half, ind
}' "$out/compare.csv" >&2 || status=1
# the baseline is the model without its variants
sed '/^\[variant/,$d' "$model" > "$tmp/tiny-variants.ini"
sed -i "s|^data = .*|data = $top_srcdir/tests/data/tiny|" "$tmp/tiny-variants.ini"
"$CHOKEPOINT" -q run "$tmp/tiny-variants.ini" --no-charts -o "$tmp/plain"
for f in institutions.csv services.csv sector.csv sources.csv; do
	cmp -s "$out/$f" "$tmp/plain/tiny-variants/$f" || fail "baseline $f differs from a run without variants"
done
# --variant NAME=FILE
printf 'description = from a file\nremove = dependency a-pay clearing\n' > "$tmp/drop.txt"
"$CHOKEPOINT" -q run "$tmp/tiny-variants.ini" --variant "file-drop=$tmp/drop.txt" --no-charts -o "$tmp/file"
v=$(awk -F, '$1 == "service" && $2 == "a-pay" && $4 == "file-drop" { print $6 }' "$tmp/file/tiny-variants/compare.csv")
[ "$v" = 0 ] || fail "--variant: a-pay p_breach $v, expected 0"
[ -d "$tmp/file/tiny-variants@file-drop" ] || fail "--variant: no tiny-variants@file-drop directory"
# sweep --vary variant=...: each point is the variant's run (same trials, seed)
"$CHOKEPOINT" -q sweep "$model" --vary variant=none,partner,slower,new-partner --scope service \
	-o "$tmp/sweep.csv"
b0=$(awk -F, '$2 == "none" && $4 == "b-pay" && $5 == "p_breach"' "$tmp/sweep.csv" | cut -d, -f6-)
b1=$(awk -F, '$2 == "new-partner" && $4 == "b-pay" && $5 == "p_breach"' "$tmp/sweep.csv" | cut -d, -f6-)
[ -n "$b0" ] && [ "$b0" = "$b1" ] || fail "sweep new-partner: b-pay $b1, baseline $b0 (streams renumbered?)"
for v in none partner slower; do
	s=$(awk -F, -v v="$v" '$2 == v && $4 == "a-pay" && $5 == "p_breach" { print $6 }' "$tmp/sweep.csv")
	if [ "$v" = none ]; then
		r=$(awk -F, '$1 == "service" && $2 == "a-pay" && $4 == "slower" { print $5 }' "$out/compare.csv")
	else
		r=$(val "$v")
	fi
	[ "$s" = "$r" ] || fail "sweep variant=$v: a-pay p_breach $s, run says $r"
done
# compare DIR_A DIR_B: the interval of independent runs, by closed form,
# wider than the paired one of compare.csv; a warning when the seeds differ
"$CHOKEPOINT" compare "$out" "$tmp/j1/tiny-variants@slower" -o "$tmp/dirs.csv" 2> "$tmp/dirs.err"
grep -q 'share seed and trials' "$tmp/dirs.err" || fail "compare: no note on common seeds"
paired=$(awk -F, '$1 == "service" && $2 == "a-pay" && $4 == "slower" { print ($9 - $8) / 2 }' "$out/compare.csv")
awk -F, -v paired="$paired" '$1 == "service" && $2 == "a-pay" {
	N = 4000; z = 1.959963984540054; pb = $5; pv = $6
	ind = z * sqrt(pb * (1 - pb) / N + pv * (1 - pv) / N)
	if (($9 - $8) / 2 - ind > 1e-7 || ind - ($9 - $8) / 2 > 1e-7) {
		print "FAIL: compare: half-width " ($9 - $8) / 2 ", expected " ind; exit 1 }
	if (!(paired < ind)) { print "FAIL: compare: paired " paired " not below " ind; exit 1 }
}' "$tmp/dirs.csv" >&2 || status=1
"$CHOKEPOINT" -q run "$tmp/tiny-variants.ini" -s 8 --no-charts -o "$tmp/s8"
"$CHOKEPOINT" compare "$out" "$tmp/s8/tiny-variants" -o "$tmp/s8.csv" 2> "$tmp/s8.err"
grep -q 'not run on common random numbers (seed 7 and 8' "$tmp/s8.err" ||
	fail "compare: no warning on different seeds: $(cat "$tmp/s8.err")"
[ $status -eq 0 ] && echo "variants: closed forms hold, -j 1 and -j 2 identical"
exit $status

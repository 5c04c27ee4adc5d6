#!/bin/sh
# bench/scale.sh - how cost grows with the data (`make bench-scale`).
#
# Generates the EU preset at scales 0.25, 0.5, 1, 2 and 4 (chokepoint
# generate --preset eu --scale F -s 1: 5,000 to 80,000 institutions) into
# $BENCH_DIR and times, at each scale, with GNU time:
#   validate;
#   run bench/models/baseline-annual-eu.ini for 500 years at -j 2;
#   analyze -j 2 (--no-charts).
# Prints one table (wall and user seconds, peak RSS, and for each doubling
# of the data the factor by which the user time grew: 2.0 is linear) and
# appends every case to $BENCH_RESULTS (bench/results.csv, the columns of
# bench/run.sh) so that the curve is re-measured, not remembered.
#
# Environment: CHOKEPOINT (the program), top_srcdir, BENCH_DIR (data and
# outputs, default ./bench-data), BENCH_RESULTS, BENCH_NOTE (free text for
# the CSV), BENCH_SCALES (default "0.25 0.5 1 2 4"), BENCH_KEEP=1 keeps
# the generated data sets (about 130 MB) for the next run.
# The environment, the checks, the timing of one command and the CSV
# header are bench/lib.sh's, shared with bench/run.sh.
set -eu
. "$(dirname "$0")/lib.sh"
BENCH_SCALES=${BENCH_SCALES:-0.25 0.5 1 2 4}
BENCH_KEEP=${BENCH_KEEP:-0}

model=$top_srcdir/bench/models/baseline-annual-eu.ini
rows=$BENCH_DIR/scale-rows.tmp
: > "$rows"

# measure SCALE STEP THREADS TRIALS TARGET_S -- COMMAND...
measure() {
	scale=$1 step=$2 threads=$3 trials=$4 target_s=$5
	shift 6
	time_once "eu x$scale $step" -- "$@"
	echo "$scale|$step|$threads|$wall|$user|$sys|$rss|$trials|$target_s|$load|$nodes|$edges" >> "$rows"
	printf '  eu x%-5s %-9s -j %s %8.2f s wall %8.2f s user\n' "$scale" "$step" \
	       "$threads" "$wall" "$user" >&2
}

echo "bench-scale: chokepoint $version on $host ($cpus CPUs), $stamp" >&2
for s in $BENCH_SCALES; do
	data=$BENCH_DIR/eu-x$s
	"$CHOKEPOINT" -q generate --preset eu --scale "$s" -s 1 --force -o "$data" > /dev/null
	# institutions, and dependency edges after expansion (validate's count)
	nodes=$(($(wc -l < "$data/institutions.csv") - 1))
	edges=$("$CHOKEPOINT" validate "$data" 2>/dev/null |
	        awk '$1 == "dependencies" { for (i = 2; i < NF; i++) if ($(i + 1) == "edges") print $i }')
	[ -n "$edges" ] || edges=-
	t=-
	[ "$s" = 4 ] && t=60
	measure "$s" validate 1 - - -- "$CHOKEPOINT" -q validate "$data"
	measure "$s" run 2 500 - -- "$CHOKEPOINT" -q --no-progress run "$model" -d "$data" \
		-n 500 -j 2 --no-charts -o "$BENCH_DIR/scale-run"
	measure "$s" analyze 2 - "$t" -- "$CHOKEPOINT" -q analyze "$data" -j 2 --no-charts \
		-o "$BENCH_DIR/scale-analyze"
	[ "$BENCH_KEEP" = 1 ] || rm -rf "$data"
done

results_header
awk -F'|' -v stamp="$stamp" -v host="$host" -v cpus="$cpus" -v version="$version" \
    -v note="$BENCH_NOTE" -v csv="$BENCH_RESULTS" '
{
	sc[NR] = $1; step[NR] = $2; j[NR] = $3; wall[NR] = $4; user[NR] = $5; sys[NR] = $6
	mb[NR] = $7 / 1024; trials[NR] = $8; ts[NR] = $9; load[NR] = $10
	inst[NR] = $11; edges[NR] = $12
	met[NR] = ts[NR] == "-" ? "-" : (wall[NR] <= ts[NR] ? "yes" : "NO")
	# growth of user time over the same step at the previous scale
	grow[NR] = "-"
	p = (step[NR] in last) ? last[step[NR]] : 0
	if (p && user[p] > 0 && inst[p] > 0 && inst[NR] > inst[p]) {
		# per doubling: (time ratio) ^ (1 / log2(data ratio)), 2 when linear
		f = log(user[NR] / user[p]) / (log(inst[NR] / inst[p]) / log(2))
		grow[NR] = sprintf("%.2f", exp(f))
	}
	last[step[NR]] = NR
}
END {
	printf "%-6s %7s %9s %-9s %3s %9s %9s %9s  %-8s %-4s %s\n", "scale", "inst",
	       "edges", "step", "-j", "wall s", "user s", "RSS MB", "x2 data", "met", "load"
	for (i = 1; i <= NR; i++) {
		printf "%-6s %7s %9s %-9s %3s %9.2f %9.2f %9.1f  %-8s %-4s %s\n", sc[i], inst[i],
		       edges[i], step[i], j[i], wall[i], user[i], mb[i], grow[i], met[i], load[i]
		name = "eu x" sc[i] " " step[i] (step[i] == "run" ? " 500 years" : "")
		rate = (trials[i] == "-" || wall[i] <= 0) ? "-" : sprintf("%.0f", trials[i] / wall[i])
		printf "%s,%s,%s,%s,\"%s\",%s,%.2f,%.2f,%.2f,%.1f,%s,-,%s,-,%s,-,%s,%s,\"%s\"\n",
		       stamp, host, cpus, version, name, j[i], wall[i], user[i], sys[i], mb[i],
		       trials[i], rate, ts[i], met[i], load[i],
		       note (note != "" ? "; " : "") inst[i] " institutions, " edges[i] " edges" >> csv
	}
	printf "\nx2 data: the factor by which user time grew from the previous scale,\n"
	printf "per doubling of the institutions (2.00 is linear).  load: the 1-minute\n"
	printf "load average when the case started.\n"
	printf "Rows appended to %s\n", csv
}' "$rows"
rm -f "$rows"
time_cleanup

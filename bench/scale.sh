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
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
BENCH_DIR=${BENCH_DIR:-$(pwd)/bench-data}
BENCH_RESULTS=${BENCH_RESULTS:-$top_srcdir/bench/results.csv}
BENCH_NOTE=${BENCH_NOTE:-}
BENCH_SCALES=${BENCH_SCALES:-0.25 0.5 1 2 4}
BENCH_KEEP=${BENCH_KEEP:-0}
TIME=/usr/bin/time

if [ ! -x "$TIME" ]; then
	echo "bench: $TIME not found: install GNU time (Debian package 'time'," \
	     "scripts/install-deps.sh)" >&2
	exit 1
fi
if [ ! -x "$CHOKEPOINT" ]; then
	echo "bench: $CHOKEPOINT not found: build it first (make)" >&2
	exit 1
fi

mkdir -p "$BENCH_DIR"
model=$top_srcdir/bench/models/baseline-annual-eu.ini
rows=$BENCH_DIR/scale-rows.tmp
: > "$rows"
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
host=$(uname -n)
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
version=$("$CHOKEPOINT" --version | awk '{print $2}')

# Seconds from GNU time's "h:mm:ss" or "m:ss.cc".
wall_seconds() {
	echo "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'
}

# measure SCALE STEP THREADS TRIALS TARGET_S -- COMMAND...
measure() {
	scale=$1 step=$2 threads=$3 trials=$4 target_s=$5
	shift 6
	load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
	if ! "$TIME" -v -o "$BENCH_DIR/time.txt" "$@" > "$BENCH_DIR/stdout.txt" \
	     2> "$BENCH_DIR/stderr.txt"; then
		echo "bench: eu x$scale $step: command failed:" "$@" >&2
		cat "$BENCH_DIR/stderr.txt" >&2
		exit 1
	fi
	wall=$(wall_seconds "$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$BENCH_DIR/time.txt")")
	user=$(sed -n 's/.*User time (seconds): //p' "$BENCH_DIR/time.txt")
	sys=$(sed -n 's/.*System time (seconds): //p' "$BENCH_DIR/time.txt")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$BENCH_DIR/time.txt")
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

[ -s "$BENCH_RESULTS" ] || echo "date,host,cpus,version,case,threads,wall_s,user_s,sys_s,peak_rss_mb,trials,events,trials_per_s,events_per_s,target_wall_s,target_rss_mb,met,load_at_start,note" > "$BENCH_RESULTS"
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
rm -f "$rows" "$BENCH_DIR/time.txt" "$BENCH_DIR/stdout.txt" "$BENCH_DIR/stderr.txt"

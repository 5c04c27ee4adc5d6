# bench/lib.sh - what bench/run.sh and bench/scale.sh share, sourced by
# both after `set -eu`: the environment, the checks, the machine's
# description, the timing of one command and the results.csv header.
#
# Environment (both scripts): CHOKEPOINT (the program), top_srcdir,
# BENCH_DIR (data and outputs, default ./bench-data), BENCH_RESULTS
# (default bench/results.csv), BENCH_NOTE (free text for the CSV).
# Sets TIME, stamp, host, cpus and version; creates $BENCH_DIR.

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
BENCH_DIR=${BENCH_DIR:-$(pwd)/bench-data}
BENCH_RESULTS=${BENCH_RESULTS:-$top_srcdir/bench/results.csv}
BENCH_NOTE=${BENCH_NOTE:-}
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
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
host=$(uname -n)
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
version=$("$CHOKEPOINT" --version | awk '{print $2}')

# Seconds from GNU time's "h:mm:ss" or "m:ss.cc".
wall_seconds() {
	echo "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'
}

# time_once LABEL -- COMMAND...: run COMMAND once under GNU time (its
# output in $BENCH_DIR/stdout.txt and stderr.txt) and set load (the
# 1-minute load average at the start), wall, user, sys (seconds) and rss
# (peak kB).  A failing command stops the bench with LABEL and its stderr.
time_once() {
	tlabel=$1
	shift 2
	load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
	if ! "$TIME" -v -o "$BENCH_DIR/time.txt" "$@" > "$BENCH_DIR/stdout.txt" \
	     2> "$BENCH_DIR/stderr.txt"; then
		echo "bench: $tlabel: command failed:" "$@" >&2
		cat "$BENCH_DIR/stderr.txt" >&2
		exit 1
	fi
	wall=$(wall_seconds "$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$BENCH_DIR/time.txt")")
	user=$(sed -n 's/.*User time (seconds): //p' "$BENCH_DIR/time.txt")
	sys=$(sed -n 's/.*System time (seconds): //p' "$BENCH_DIR/time.txt")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$BENCH_DIR/time.txt")
}

# The header of $BENCH_RESULTS, written when the file is missing or empty.
results_header() {
	[ -s "$BENCH_RESULTS" ] || echo "date,host,cpus,version,case,threads,wall_s,user_s,sys_s,peak_rss_mb,trials,events,trials_per_s,events_per_s,target_wall_s,target_rss_mb,met,load_at_start,note" > "$BENCH_RESULTS"
}

# Remove time_once's files.
time_cleanup() {
	rm -f "$BENCH_DIR/time.txt" "$BENCH_DIR/stdout.txt" "$BENCH_DIR/stderr.txt"
}

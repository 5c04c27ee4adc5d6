#!/bin/sh
# bench/run.sh - time chokepoint at sector and EU scale (`make bench`).
#
# Generates the EU-scale data set (chokepoint generate --preset eu -s 1)
# into $BENCH_DIR, uses data/jp-sector, and times with /usr/bin/time -v:
#   validate eu; analyze jp and eu, and eu with --reverse-stress 0.999;
#   run bench/models/cloud-region-stress.ini (1,000,000 trials on jp),
#   bench/models/baseline-annual-jp.ini (100,000 years on jp) and
#   bench/models/baseline-annual-eu.ini (10,000 years on eu), each with
#   -j 1 and -j 2; the start of an eu run (the same model with -n 1:
#   loading, compiling, the single-root effects and the outputs); and
#   models/baseline-annual.ini (20,000 years on jp) with --importance,
#   every one of its 659 providers (target: a minute).
#   With a binary built with MPI (configure --with-mpi), the two annual
#   runs and analyze eu again on 2 MPI ranks of 1 thread each ("... 2
#   ranks" rows, threads 1), against 1 rank of 2 threads (-j 2).
# Prints one table (wall time, throughput, peak RSS, target) and the -j 2
# speedups, and appends every row to $BENCH_RESULTS (bench/results.csv) so
# that runs can be compared over time.
#
# Environment: CHOKEPOINT (the program), top_srcdir, BENCH_DIR (data and
# outputs, default ./bench-data), BENCH_RESULTS, BENCH_REPEAT (times each
# `run` case is repeated, the fastest kept, to see through other load on
# the machine; default 1), BENCH_NOTE (free text for the CSV), BENCH_CASES
# (all, the default, or run: only the run cases, after generating eu, or
# roi: only the DORA register cases, generate eu --format roi and import).
# The environment, the checks, the timing of one command and the CSV
# header are bench/lib.sh's, shared with bench/scale.sh.
set -eu
. "$(dirname "$0")/lib.sh"
BENCH_REPEAT=${BENCH_REPEAT:-1}
BENCH_CASES=${BENCH_CASES:-all}

jp=$top_srcdir/data/jp-sector
eu=$BENCH_DIR/eu
models=$top_srcdir/bench/models
rows=$BENCH_DIR/rows.tmp
: > "$rows"

# measure CASE THREADS TRIALS KIND TARGET_S TARGET_MB OUTDIR -- COMMAND...
# KIND: stress or annual (events from OUTDIR's sources.csv), or - .
measure() {
	name=$1 threads=$2 trials=$3 kind=$4 target_s=$5 target_mb=$6 outdir=$7
	shift 8
	best="" best_line=""
	i=0
	while [ "$i" -lt "$reps" ]; do
		i=$((i + 1))
		time_once "$name" -- "$@"
		if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$wall
			best_line="$wall $user $sys $rss $load"
		fi
	done
	set -- $best_line
	wall=$1 user=$2 sys=$3 rss=$4 load=$5
	events=-
	if [ "$kind" = stress ]; then
		events=$trials # a stress trial is one event
	elif [ "$kind" = annual ]; then
		# events per simulated year, summed over the outage sources
		events=$(awk -F, -v n="$trials" 'NR > 1 { s += $3 } END { printf "%.0f", s * n }' \
		         "$outdir/sources.csv")
	fi
	echo "$name|$threads|$wall|$user|$sys|$rss|$trials|$events|$target_s|$target_mb|$load" >> "$rows"
	printf '  %-28s -j %s  %8.2f s\n' "$name" "$threads" "$wall" >&2
}

echo "bench: chokepoint $version on $host ($cpus CPUs), $stamp" >&2
reps=1
measure "generate eu" 1 - - - - - -- \
	"$CHOKEPOINT" -q generate --preset eu -s 1 --force -o "$eu"
if [ "$BENCH_CASES" = all ]; then
	measure "validate eu" 1 - - 3 1024 - -- "$CHOKEPOINT" -q validate "$eu"
	measure "analyze jp" 1 - - - - - -- "$CHOKEPOINT" -q analyze "$jp" -o "$BENCH_DIR/analyze-jp"
	measure "analyze eu" 1 - - 60 - - -- "$CHOKEPOINT" -q analyze "$eu" -o "$BENCH_DIR/analyze-eu"
	measure "analyze eu rs 0.999" 1 - - 60 - - -- "$CHOKEPOINT" -q analyze "$eu" \
		--reverse-stress 0.999 --no-charts -o "$BENCH_DIR/analyze-eu-rs"
fi
# The EU sector as DORA registers (generate --format roi: one package per
# institution, about 400,000 contract rows) and their import, then analyze
# of the imported set.  BENCH_CASES=roi: only these (after generating eu).
if [ "$BENCH_CASES" = all ] || [ "$BENCH_CASES" = roi ]; then
	roi=$(cd "$BENCH_DIR" && pwd)/eu-roi
	measure "generate eu roi" 1 - - - - - -- \
		"$CHOKEPOINT" -q generate --preset eu -s 1 --format roi --force -o "$roi"
	# the folder of packages as one input: its 20,000 zips in name order
	measure "import eu roi" 1 - - 20 2048 - -- "$CHOKEPOINT" -q import "$roi" \
		--systemic "$roi/systemic.txt" --force -o "$roi-imported"
	measure "analyze eu imported" 1 - - 60 - - -- "$CHOKEPOINT" -q analyze "$roi-imported" \
		--no-charts -o "$BENCH_DIR/analyze-eu-imported"
fi
reps=$BENCH_REPEAT
if [ "$BENCH_CASES" != roi ]; then
# each case with -j 1 then -j 2, so both see much the same machine
for j in 1 2; do
	t=10; [ "$j" = 1 ] && t=-
	measure "stress jp 1,000,000" "$j" 1000000 stress "$t" - "$BENCH_DIR/run-j$j/cloud-region-stress" -- \
		"$CHOKEPOINT" -q --no-progress run "$models/cloud-region-stress.ini" -d "$jp" -j "$j" \
		-o "$BENCH_DIR/run-j$j"
done
for j in 1 2; do
	t=10; [ "$j" = 1 ] && t=-
	measure "annual jp 100,000" "$j" 100000 annual "$t" - "$BENCH_DIR/run-j$j/baseline-annual-jp" -- \
		"$CHOKEPOINT" -q --no-progress run "$models/baseline-annual-jp.ini" -d "$jp" -j "$j" \
		-o "$BENCH_DIR/run-j$j"
done
measure "run eu -n 1 (start, outputs)" 2 - - - - - -- \
	"$CHOKEPOINT" -q --no-progress run "$models/baseline-annual-eu.ini" -d "$eu" -j 2 -n 1 \
	-o "$BENCH_DIR/run-start"
for j in 1 2; do
	t=60; [ "$j" = 1 ] && t=-
	measure "importance jp 20,000" "$j" 20000 annual "$t" - "$BENCH_DIR/imp-j$j/baseline-annual" -- \
		"$CHOKEPOINT" -q --no-progress run "$top_srcdir/models/baseline-annual.ini" -d "$jp" \
		-j "$j" --importance --no-charts -o "$BENCH_DIR/imp-j$j"
done
for j in 1 2; do
	t=10; [ "$j" = 1 ] && t=-
	measure "annual eu 10,000" "$j" 10000 annual "$t" - "$BENCH_DIR/run-j$j/baseline-annual-eu" -- \
		"$CHOKEPOINT" -q --no-progress run "$models/baseline-annual-eu.ini" -d "$eu" -j "$j" \
		-o "$BENCH_DIR/run-j$j"
done
fi

# MPI build: 2 ranks of 1 thread against 1 rank of 2 threads (above).
if ldd "$CHOKEPOINT" 2>/dev/null | grep -q libmpi && command -v mpirun >/dev/null; then
	mpirun="mpirun -q"
	[ "$(id -u)" != 0 ] || mpirun="$mpirun --allow-run-as-root"
	[ "$cpus" != "?" ] && [ "$cpus" -ge 2 ] || mpirun="$mpirun --oversubscribe"
	measure "annual jp 100,000 2 ranks" 1 100000 annual - - "$BENCH_DIR/run-mpi2/baseline-annual-jp" -- \
		$mpirun -np 2 "$CHOKEPOINT" -q --no-progress run "$models/baseline-annual-jp.ini" \
		-d "$jp" -j 1 -o "$BENCH_DIR/run-mpi2"
	measure "annual eu 10,000 2 ranks" 1 10000 annual 60 - "$BENCH_DIR/run-mpi2/baseline-annual-eu" -- \
		$mpirun -np 2 "$CHOKEPOINT" -q --no-progress run "$models/baseline-annual-eu.ini" \
		-d "$eu" -j 1 -o "$BENCH_DIR/run-mpi2"
	if [ "$BENCH_CASES" != run ]; then
		reps=1
		measure "analyze eu 2 ranks" 1 - - 60 - - -- $mpirun -np 2 "$CHOKEPOINT" -q \
			analyze "$eu" -o "$BENCH_DIR/analyze-eu-mpi2"
	fi
fi

# The table, the speedups, and the CSV rows.
results_header
awk -F'|' -v stamp="$stamp" -v host="$host" -v cpus="$cpus" -v version="$version" \
    -v note="$BENCH_NOTE" -v csv="$BENCH_RESULTS" '
function rate(n, w) { return (n == "-" || w <= 0) ? "-" : sprintf("%.0f", n / w) }
{
	name[NR] = $1; j[NR] = $2; wall[NR] = $3; user[NR] = $4; sys[NR] = $5
	mb[NR] = $6 / 1024; trials[NR] = $7; events[NR] = $8; ts[NR] = $9; tm[NR] = $10
	load[NR] = $11
	met[NR] = "-"
	if (ts[NR] != "-" || tm[NR] != "-") {
		ok = (ts[NR] == "-" || wall[NR] <= ts[NR]) && (tm[NR] == "-" || mb[NR] <= tm[NR])
		met[NR] = ok ? "yes" : "NO"
	}
	if (j[NR] == 1) first[$1] = NR
	else if ($1 in first) speed[$1] = wall[first[$1]] / wall[NR]
}
END {
	printf "%-22s %3s %9s %9s %12s %12s %9s  %-16s %-4s %s\n", "case", "-j", "wall s",
	       "user s", "trials/s", "events/s", "RSS MB", "target", "met", "load"
	for (i = 1; i <= NR; i++) {
		target = ""
		if (ts[i] != "-") target = "<= " ts[i] " s"
		if (tm[i] != "-") target = target (target != "" ? ", " : "<= ") tm[i] " MB"
		if (target == "") target = "-"
		printf "%-22s %3s %9.2f %9.2f %12s %12s %9.1f  %-16s %-4s %s\n", name[i], j[i],
		       wall[i], user[i], rate(trials[i], wall[i]), rate(events[i], wall[i]),
		       mb[i], target, met[i], load[i]
		printf "%s,%s,%s,%s,\"%s\",%s,%.2f,%.2f,%.2f,%.1f,%s,%s,%s,%s,%s,%s,%s,%s,\"%s\"\n",
		       stamp, host, cpus, version, name[i], j[i], wall[i], user[i], sys[i], mb[i],
		       trials[i], events[i], rate(trials[i], wall[i]), rate(events[i], wall[i]),
		       ts[i], tm[i], met[i], load[i], note >> csv
	}
	printf "\n-j 2 speedup over -j 1 (target >= 1.8):\n"
	for (i = 1; i <= NR; i++)
		if (j[i] == 2 && (name[i] in speed))
			printf "  %-22s %.2f  %s\n", name[i], speed[name[i]],
			       (speed[name[i]] >= 1.8 ? "yes" : "NO")
	n_mpi = 0
	for (i = 1; i <= NR; i++)
		if (name[i] ~ / 2 ranks$/) {
			base = substr(name[i], 1, length(name[i]) - 8)
			for (k = 1; k <= NR; k++)
				if (name[k] == base) {
					if (!n_mpi++)
						printf "\nMPI: 2 ranks x 1 thread against 1 process (wall, user):\n"
					printf "  %-22s -j %s: %.2f s against %.2f s wall, %.2f s against %.2f s user\n",
					       base, j[k], wall[i], wall[k], user[i], user[k]
				}
		}
	printf "\nload: the 1-minute load average when the case started; at or above\n"
	printf "the number of CPUs, -j 2 cannot have two CPUs and the figures mislead.\n"
	printf "Rows appended to %s\n", csv
}' "$rows"
rm -f "$rows"
time_cleanup

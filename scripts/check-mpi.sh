#!/bin/sh
# check-mpi.sh - the MPI build (configure --with-mpi) in a separate build
# directory, and its results under mpirun compared byte for byte with one
# process's.
#
#     scripts/check-mpi.sh [BUILDDIR]
#
# Configures BUILDDIR/obj (default build-mpi, beside the sources) with
# --with-mpi --enable-werror and builds chokepoint there; the normal build
# is untouched.  Then, with 1, 2 and 3 ranks (more ranks than this
# machine's cores: --oversubscribe), each on one thread, against the same
# binary run once without mpirun on two threads:
#   - run: the nine models of models/ (variants and compare.csv included),
#     2,500 trials = 3 blocks (2 ranks do not divide them), one model
#     of 1,500 trials = 2 blocks on 3 ranks (a rank with no block), and
#     --importance on 3 ranks;
#   - sweep with --precision (rounds until a target; the same trial
#     count for any number of ranks), 3 points on 1, 2, 3 (whole points
#     per rank) and 4 ranks (the blocks of each point split);
#   - analyze with the reverse stress test, and with the cut sets past
#     their limit (the search done again in one process's order);
# every CSV, SVG and text file must be the same bytes (summary.json
# differs only in its "run" provenance: it is compared without it).
# Then failures on one rank: a broken data set on rank 1, an output rank 0
# cannot create, a memory limit on the last rank (in run, and in its own
# point of a sweep): every rank must end, with
# the status one process gives, one message and no output of the model.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-mpi}
case $build in /*) ;; *) build=$(pwd)/$build ;; esac

command -v mpirun >/dev/null || {
	echo "check-mpi.sh: mpirun not found (Debian: openmpi-bin libopenmpi-dev)" >&2
	exit 1
}

# A separate build from an unconfigured source tree (scripts/vpath.sh).
. "$top/scripts/vpath.sh"
vpath_prepare "$top" "$build"
if [ ! -f Makefile ]; then
	"$srcdir/configure" -q --with-mpi --enable-werror
fi
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -le 2 ] || jobs=2
make -s -j"$jobs" chokepoint >/dev/null
bin=$build/obj/chokepoint
ldd "$bin" | grep -q libmpi || { echo "check-mpi.sh: $bin is not linked with MPI" >&2; exit 1; }

# Open MPI: -q leaves out mpirun's own notices (a rank's failure is
# reported by chokepoint alone); --oversubscribe allows more ranks than
# cores; as root it wants --allow-run-as-root.  In a container without
# ptrace rights, the shared-memory transport's single-copy mechanism (CMA)
# fails: copy through the shared segment instead.
MPIRUN="mpirun -q --oversubscribe"
[ "$(id -u)" != 0 ] || MPIRUN="$MPIRUN --allow-run-as-root"
OMPI_MCA_btl_vader_single_copy_mechanism=${OMPI_MCA_btl_vader_single_copy_mechanism:-none}
export OMPI_MCA_btl_vader_single_copy_mechanism

work=$build/work
rm -rf "$work"
mkdir -p "$work"
cd "$top"
fail=0
pass=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# same DIR_A DIR_B WHAT: every file the same bytes, summary.json without
# its provenance ("run" object; a sweep's per-point threads, ranks, time).
same() {
	if ! diff -r -x '*.json' "$1" "$2" >"$work/diff" 2>&1; then
		bad "$3: files differ"; head -20 "$work/diff" >&2; return
	fi
	for j in $(cd "$1" && find . -name '*.json'); do
		if ! python3 - "$1/$j" "$2/$j" <<'EOF'
import json, sys
def strip(d):
    if isinstance(d, dict):
        return {k: strip(v) for k, v in d.items()
                if k not in ("run", "threads", "mpi_ranks", "wall_seconds")}
    if isinstance(d, list):
        return [strip(v) for v in d]
    return d
a, b = (strip(json.load(open(f))) for f in sys.argv[1:3])
sys.exit(a != b)
EOF
		then
			bad "$3: $j differs beyond its provenance"; return
		fi
	done
	ok "$3"
}

# ranks N JSON DIR: the mpi_ranks of DIR's first summary.json
ranks_of() { sed -n 's/.*"mpi_ranks": *\([0-9]*\).*/\1/p' "$1" | head -n 1; }

# --- run --------------------------------------------------------------------
"$bin" -q run models/*.ini -n 2500 -j 2 -o "$work/run-1p"
"$bin" -q run models/baseline-annual.ini -n 1500 -j 2 -o "$work/small-1p"
for np in 1 2 3; do
	$MPIRUN -np "$np" "$bin" -q run models/*.ini -n 2500 -j 1 -o "$work/run-$np"
	same "$work/run-1p" "$work/run-$np" "run, 9 models, 3 blocks, $np rank(s)"
	r=$(ranks_of "$work/run-$np/baseline-annual/summary.json")
	[ "$r" = "$np" ] && ok "run: summary.json records mpi_ranks $np" ||
		bad "run: summary.json records mpi_ranks \"$r\", expected $np"
done
$MPIRUN -np 3 "$bin" -q run models/baseline-annual.ini -n 1500 -j 1 -o "$work/small-3"
same "$work/small-1p" "$work/small-3" "run, 2 blocks on 3 ranks"
# --importance: computed on rank 0 from every trial
"$bin" -q run models/baseline-annual.ini -n 2500 --importance --top 20 -j 2 -o "$work/imp-1p"
$MPIRUN -np 3 "$bin" -q run models/baseline-annual.ini -n 2500 --importance --top 20 -j 1 \
	-o "$work/imp-3"
same "$work/imp-1p" "$work/imp-3" "run --importance, 3 ranks"
# the build without MPI, when there is one, gives the same files
if [ -x "$top/chokepoint" ] && ! ldd "$top/chokepoint" | grep -q libmpi; then
	"$top/chokepoint" -q run models/*.ini -n 2500 -j 2 -o "$work/run-serial"
	same "$work/run-serial" "$work/run-2" "run: build without MPI against 2 ranks"
fi

# --- sweep with a precision target -----------------------------------------
# 3 points: on 2 and 3 ranks each rank runs whole points (2 ranks: 2 + 1),
# on 4 every point's blocks are split among the ranks.
sweep_args="models/cloud-a-tokyo-region.ini --vary shock.tokyo-region.probability=0.25,0.5,1
	--precision 0.05 -n 1500 --scope sector,service"
# shellcheck disable=SC2086
"$bin" -q sweep $sweep_args -j 2 -o "$work/sweep-1p/sweep.csv"
for np in 1 2 3 4; do
	# shellcheck disable=SC2086
	$MPIRUN -np "$np" "$bin" -q sweep $sweep_args -j 1 -o "$work/sweep-$np/sweep.csv"
	same "$work/sweep-1p" "$work/sweep-$np" "sweep --precision, $np rank(s)"
done
t=$(python3 -c 'import json,sys; print(",".join(str(p["trials"]) for p in json.load(open(sys.argv[1]))["points"]))' \
	"$work/sweep-3/sweep.csv.json")
case $t in *,*) [ "$t" != "1500,1500,1500" ] && ok "sweep: trials per point $t (rounds of 1500 = 2 blocks)" ||
	bad "sweep: the precision target stopped after one round ($t): the test needs more" ;;
*) bad "sweep: no trial counts in sweep.csv.json" ;; esac

# --- analyze ----------------------------------------------------------------
"$bin" -q analyze data/jp-sector --reverse-stress 1 -o "$work/an-1p"
"$bin" -q analyze data/jp-sector --no-charts --limit cutsets=10 -o "$work/cut-1p"
for np in 1 2 3; do
	$MPIRUN -np "$np" "$bin" -q analyze data/jp-sector --reverse-stress 1 -o "$work/an-$np"
	same "$work/an-1p" "$work/an-$np" "analyze --reverse-stress, $np rank(s)"
	$MPIRUN -np "$np" "$bin" -q analyze data/jp-sector --no-charts --limit cutsets=10 \
		-o "$work/cut-$np"
	same "$work/cut-1p" "$work/cut-$np" "analyze, cut sets past the limit, $np rank(s)"
done
n=$(($(wc -l <"$work/an-1p/reverse_stress.csv") - 1))
[ "$n" -ge 3 ] && ok "analyze: the reverse stress test took $n steps" ||
	bad "analyze: the reverse stress test took $n steps: expected several"

# --- a failure on one rank ------------------------------------------------------
# expect WHAT STATUS OUTDIR CMD...: CMD ends (within 120 s) with STATUS,
# prints exactly one line on standard error, and OUTDIR has no model's
# directory in it.
expect() {
	what=$1 want=$2 out=$3
	shift 3
	set +e
	timeout 120 "$@" >"$work/stdout" 2>"$work/stderr"
	got=$?
	set -e
	lines=$(wc -l <"$work/stderr")
	if [ "$got" = 124 ]; then
		bad "$what: still running after 120 s (a rank waiting for another?)"
	elif [ "$got" != "$want" ]; then
		bad "$what: exit status $got, expected $want"; cat "$work/stderr" >&2
	elif [ "$lines" != 1 ]; then
		bad "$what: $lines lines on standard error, expected one message"
		cat "$work/stderr" >&2
	elif [ -n "$(ls -A "$out" 2>/dev/null | grep -v '^in-the-way$')" ]; then
		bad "$what: output left in $out: $(ls -A "$out")"
	else
		ok "$what: status $got, one message: $(cat "$work/stderr")"
	fi
}
# a broken copy of the data set, read by rank 1 only (as if its node saw
# another file)
cp -R data/jp-sector "$work/broken"
sed '3s/^\([^,]*,[^,]*,[^,]*,[^,]*,[^,]*\),[^,]*,/\1,many,/' data/jp-sector/cloud.csv \
	>"$work/broken/cloud.csv"
set +e
"$bin" -q validate "$work/broken" 2>/dev/null
st=$?
set -e
[ "$st" = 65 ] || bad "the broken data set is not refused with 65 (got $st)"
rank_env='${OMPI_COMM_WORLD_RANK:-${PMIX_RANK:-0}}'
expect "bad data on rank 1 of 3" 65 "$work/fail-data" \
	$MPIRUN -np 3 sh -c 'if [ '"$rank_env"' = 1 ]; then d=$1; else d=data/jp-sector; fi
		exec "$0" -q run models/baseline-annual.ini -n 3000 -d "$d" -o "$2"' \
	"$bin" "$work/broken" "$work/fail-data"
# rank 0 cannot create the directory of the first model; the others have
# a second model to run
mkdir -p "$work/fail-out"
: >"$work/fail-out/cloud-a-tokyo-region"
expect "unwritable output on rank 0 of 3" 73 "$work/fail-out/baseline-annual" \
	$MPIRUN -np 3 "$bin" -q run models/cloud-a-tokyo-region.ini \
	models/baseline-annual.ini -n 2000 -o "$work/fail-out"
# a limit that only the last rank has, met inside the trials' set-up
expect "memory limit on rank 2 of 3" 65 "$work/fail-limit" \
	$MPIRUN -np 3 sh -c 'l=; [ '"$rank_env"' = 2 ] && l="--limit memory=10K"
		exec "$0" -q $l run models/baseline-annual.ini -n 3000 -o "$1"' \
	"$bin" "$work/fail-limit"
# a sweep whose points run one per rank: the last rank's point fails
# while the others finish theirs
# shellcheck disable=SC2086
expect "memory limit in rank 2's sweep point" 65 "$work/fail-sweep" \
	$MPIRUN -np 3 sh -c 'l=; [ '"$rank_env"' = 2 ] && l="--limit memory=10K"
		shift; exec "$0" -q $l sweep "$@"' "$bin" - $sweep_args -j 1 \
	-o "$work/fail-sweep/sweep.csv"
expect "unwritable analyze output on rank 0 of 2" 73 "$work/fail-an" \
	$MPIRUN -np 2 "$bin" -q analyze data/jp-sector -o "$work/fail-out/cloud-a-tokyo-region/x"

echo "check-mpi.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

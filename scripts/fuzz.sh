#!/bin/sh
# fuzz.sh - build the libFuzzer targets of fuzz/ with clang and run each.
#
#     scripts/fuzz.sh [-j JOBS] [-b BUILDDIR] SECONDS [TARGET...]
#
# TARGETs are dataset (the CSV data-set loader), model (the model-file
# parser), set (the --set/--vary value parser) and roi (reading DORA
# report packages for `chokepoint import`); default all four.
# Each runs for SECONDS, at most JOBS at a time (default 1), with
# AddressSanitizer, UndefinedBehaviorSanitizer and leak detection.
#
# The build goes to BUILDDIR/obj (default build-fuzz, beside the sources):
# a separate configure with CC=clang, so the normal build is untouched.  The
# corpus grows in BUILDDIR/corpus/TARGET, seeded from tests/data, models/
# and tests/data/models; crashing inputs land in BUILDDIR/artifacts/TARGET/ and
# their stacks in BUILDDIR/TARGET.log.  Exit status 1 when any target
# found something.  Needs clang and its runtime (Debian: clang,
# libclang-rt-14-dev).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
jobs=1
build=$top/build-fuzz
while getopts j:b: opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	b) build=$OPTARG ;;
	*) echo "usage: $0 [-j JOBS] [-b BUILDDIR] SECONDS [TARGET...]" >&2; exit 64 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -lt 1 ]; then
	echo "usage: $0 [-j JOBS] [-b BUILDDIR] SECONDS [TARGET...]" >&2
	exit 64
fi
seconds=$1
shift
targets=${*:-dataset model set roi}
case $build in /*) ;; *) build=$(pwd)/$build ;; esac

CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz.sh: $CC not found (Debian: clang)" >&2; exit 69; }
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

# ---- build --------------------------------------------------------------
# A separate build from an unconfigured source tree (scripts/vpath.sh).
. "$top/scripts/vpath.sh"
vpath_prepare "$top" "$build"
if [ ! -f Makefile ]; then
	"$srcdir/configure" -q CC="$CC" CFLAGS="-g -O1 -fsanitize=fuzzer-no-link $SAN"
fi
# The layer libraries and the libraries the program links with, from the
# generated Makefile.
layers=$(printf 'print-layers:\n\t@echo $(LAYER_LIBS)\n' | make -s -f Makefile -f - print-layers)
libs=$(printf 'print-libs:\n\t@echo $(LIBDEPS)\n' | make -s -f Makefile -f - print-libs)
# The layers are compiled with OpenMP (configure's flags): link with them.
omp=$(printf 'print-omp:\n\t@echo $(OPENMP_CFLAGS)\n' | make -s -f Makefile -f - print-omp)
# shellcheck disable=SC2086
make -s $layers >/dev/null
for t in $targets; do
	[ -f "$top/fuzz/fuzz_$t.c" ] || { echo "fuzz.sh: no target $t" >&2; exit 64; }
	"$CC" -g -O1 -fsanitize=fuzzer $SAN -I"$build/obj" -I"$srcdir/src" \
		-DFUZZ_DIR="\"$top/fuzz\"" -o "fuzz_$t" "$top/fuzz/fuzz_$t.c" \
		$layers $libs $omp
done

# ---- seed corpora ---------------------------------------------------------
# dataset: mask byte 0x1f (all five files), then the files separated by 0x1e.
seed_dataset()
{
	out=$build/corpus/dataset
	mkdir -p "$out"
	for d in "$top/tests/data/tiny" "$top"/tests/data/bad/*/ "$top"/tests/data/regress/*/; do
		d=${d%/}
		[ -d "$d" ] || continue
		mask=0
		bit=1
		for f in institutions services vendors cloud dependencies; do
			[ -f "$d/$f.csv" ] && mask=$((mask + bit))
			bit=$((bit * 2))
		done
		s=$out/seed-$(basename "$d")
		{
			printf "\\$(printf %o "$mask")"
			sep=
			for f in institutions services vendors cloud dependencies; do
				printf "$sep"
				[ -f "$d/$f.csv" ] && head -c 65536 "$d/$f.csv"
				sep='\036'
			done
		} >"$s"
	done
}
seed_model()
{
	out=$build/corpus/model
	mkdir -p "$out"
	for f in "$top"/models/*.ini "$top"/tests/data/models/*.ini "$top"/tests/data/models/bad/*.ini \
		"$top/fuzz/set-base.ini"; do
		[ -f "$f" ] && cp "$f" "$out/seed-$(basename "$f")"
	done
}
seed_set()
{
	out=$build/corpus/set
	mkdir -p "$out"
	n=0
	grep -v '^#' "$top/fuzz/set.seeds" | while IFS= read -r line; do
		n=$((n + 1))
		printf '%s\n' "$line" | tr '|' '\n' >"$out/seed-$n"
	done
}

# roi: the zips of tests/data/roi as they are, and each folder of tables
# as files "NAME" 0x1f "TEXT" separated by 0x1e (fuzz/fuzz_roi.c).
seed_roi()
{
	out=$build/corpus/roi
	mkdir -p "$out"
	for z in "$top"/tests/data/roi/set/*.zip "$top"/tests/data/roi/bad/*.zip; do
		[ -f "$z" ] && cp "$z" "$out/seed-$(basename "$z")"
	done
	for d in "$top"/tests/data/roi/set/pkgA/reports "$top"/tests/data/roi/set/pkgC \
		"$top"/tests/data/roi/bad/*/; do
		d=${d%/}
		[ -d "$d" ] || continue
		s=$out/seed-dir-$(basename "$(dirname "$d")")-$(basename "$d")
		{
			sep=
			for f in "$d"/*; do
				printf "$sep%s\\037" "$(basename "$f")"
				head -c 8192 "$f"
				sep='\036'
			done
		} >"$s"
	done
}

# ---- run ------------------------------------------------------------------
run_one()
{
	t=$1
	mkdir -p "$build/artifacts/$t"
	"seed_$t"
	# -fork=1: one worker that is restarted after a finding, so one run
	# collects every crash, leak and hang rather than stopping at the first.
	"$build/obj/fuzz_$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
		-max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -dict="$top/fuzz/$t.dict" \
		-artifact_prefix="$build/artifacts/$t/" "$build/corpus/$t" \
		>"$build/$t.log" 2>&1
}

status=0
pids=
running=0
# Findings of this run only: earlier ones stay in artifacts/ for a look.
: >"$build/run-start"
for t in $targets; do
	if [ "$running" -ge "$jobs" ]; then
		wait_pid=${pids%% *}
		pids=${pids#* }
		wait "$wait_pid" || status=1
		running=$((running - 1))
	fi
	echo "fuzz.sh: $t for $seconds s (log: $build/$t.log)"
	run_one "$t" &
	pids="$pids$! "
	running=$((running + 1))
done
for p in $pids; do
	wait "$p" || status=1
done
for t in $targets; do
	n=$(find "$build/artifacts/$t" -type f -newer "$build/run-start" | wc -l)
	last=$(grep -E '^#[0-9]+' "$build/$t.log" | tail -n 1 | cut -c1-60)
	echo "fuzz.sh: $t: ${last:-?}; $n finding(s) in $build/artifacts/$t/"
	[ "$n" -eq 0 ] || status=1
done
exit $status

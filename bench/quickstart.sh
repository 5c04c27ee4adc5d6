#!/bin/sh
# quickstart.sh - time every step of the README's quick start (after
# scripts/install-deps.sh) on a fresh copy of the committed sources.
#
#     bench/quickstart.sh [WORKDIR]
#
# Exports HEAD with `git archive` into WORKDIR (default a new temporary
# directory), runs each step there in the README's order, and prints one
# CSV row per step: date, cpus, step, wall seconds, load average at the
# start of the step.  Append the rows to bench/quickstart.csv when they
# should be kept.  The steps are as the README gives them (`make -j2`,
# then a plain `make check`); a step that fails stops the script.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-quickstart.XXXXXX")}
mkdir -p "$work"
git -C "$top" archive --format=tar HEAD | tar -x -C "$work"
cd "$work"

date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cpus=$(nproc 2>/dev/null || echo 1)
echo "date,cpus,step,wall_s,load_at_start"
step() {
	load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo -)
	start=$(date +%s.%N)
	if ! sh -c "$1" >"$work/step.log" 2>&1; then
		echo "quickstart.sh: step failed: $1 (log: $work/step.log)" >&2
		exit 1
	fi
	end=$(date +%s.%N)
	awk -v d="$date" -v c="$cpus" -v s="$1" -v a="$start" -v b="$end" \
		-v l="$load" 'BEGIN { printf "%s,%s,\"%s\",%.1f,%s\n", d, c, s, b - a, l }'
}
step "autoreconf -fi"
step "./configure"
step "make -j2"
step "./chokepoint validate data/jp-sector"
step "./chokepoint run models/*.ini -o out"
step "make check"
step "make distcheck"
step "make check-valgrind"
step "./scripts/check-sanitizers.sh"

#!/bin/sh
# An interrupted run leaves the previous outputs byte-identical and no
# temporary files (chokepoint(1) FILES): SIGINT during `run` over an
# existing output directory, SIGTERM during `sweep` (whose CSV is open as
# a temporary file while the points run) over an existing CSV and .json.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }
M=$top_srcdir/models/baseline-annual.ini

# A shell without job control starts background commands with SIGINT
# ignored, and chokepoint keeps an ignored signal ignored (as under nohup):
# give the long run the default disposition back.
if env --default-signal=INT true 2>/dev/null; then
	bg_env="env --default-signal=INT,TERM"
else
	bg_env=
fi

# interrupt SIGNAL COMMAND...: start COMMAND, send SIGNAL after a second
# (long before it can finish), and check that it died of that signal.
interrupt()
{
	sig=$1
	shift
	$bg_env "$@" &
	pid=$!
	sleep 1
	kill -"$sig" "$pid" 2>/dev/null || fail "$*: finished before SIG$sig"
	n=0
	while kill -0 "$pid" 2>/dev/null; do
		n=$((n + 1))
		if [ "$n" -gt 300 ]; then
			kill -9 "$pid"
			fail "$*: still running 30 s after SIG$sig"
		fi
		sleep 0.1
	done
	st=0
	wait "$pid" || st=$?
	case $sig in INT) want=130 ;; TERM) want=143 ;; esac
	[ "$st" -eq "$want" ] || fail "$*: exit status $st after SIG$sig, expected $want"
}

# 1. run: earlier outputs (six files and two charts) stay as they were.
"$CHOKEPOINT" -q run "$M" -n 2000 -o "$tmp/out"
cp -R "$tmp/out" "$tmp/before"
if [ -n "$bg_env" ]; then
	interrupt INT "$CHOKEPOINT" -q run "$M" -n 3000000 -o "$tmp/out"
else
	echo "interrupt.sh: env --default-signal unavailable: SIGTERM instead of SIGINT"
	interrupt TERM "$CHOKEPOINT" -q run "$M" -n 3000000 -o "$tmp/out"
fi
diff -r "$tmp/before" "$tmp/out" >/dev/null || fail "run: outputs changed by an interrupted run"

# 2. sweep: the CSV and its .json stay as they were.
S="--vary model.seed=1,2,3,4,5,6,7,8 --scope sector"
# shellcheck disable=SC2086 # S is split on purpose
"$CHOKEPOINT" -q sweep "$M" $S -n 500 -o "$tmp/sweep.csv"
cp "$tmp/sweep.csv" "$tmp/sweep.csv.json" "$tmp/before/"
# shellcheck disable=SC2086
interrupt TERM "$CHOKEPOINT" -q sweep "$M" $S -n 3000000 -o "$tmp/sweep.csv"
cmp -s "$tmp/before/sweep.csv" "$tmp/sweep.csv" || fail "sweep: CSV changed by an interrupted sweep"
cmp -s "$tmp/before/sweep.csv.json" "$tmp/sweep.csv.json" ||
	fail "sweep: .json changed by an interrupted sweep"

# 3. No temporary file anywhere.
left=$(find "$tmp" -name '*.tmp.*')
[ -z "$left" ] || fail "temporary files left behind: $left"
echo "interrupt: SIGINT and SIGTERM leave earlier outputs intact and no temporary files"

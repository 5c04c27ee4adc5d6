#!/bin/sh
# golden.sh - CLI golden tests.
#
# Each tests/golden/NAME.cmd holds one line: the arguments to chokepoint.
# The command runs in a directory that looks like tests/data (tiny/,
# bad/, ... plus gen/ for fixtures generated here), so paths in messages
# are relative and stable.  Its exit status, standard output and standard
# error, written as
#
#     exit: N
#     --- stdout
#     ...
#     --- stderr
#     ...
#
# must equal tests/golden/NAME.expected; a mismatch prints a unified diff.
#
#     tests/golden.sh [--update] [NAME...]
#
# --update rewrites the expected files from the current output: review
# every changed file by eye before committing it.
#
# Environment (set by `make check`; defaults suit a run by hand from the
# top of an in-tree build): CHOKEPOINT, the program; top_srcdir, the
# source tree (may be read-only, as under `make distcheck`).

update=no
if [ "${1-}" = "--update" ]; then
	update=yes
	shift
fi

if [ -z "${top_srcdir-}" ]; then
	top_srcdir=$(cd "$(dirname "$0")/.." && pwd) || exit 99
fi
: "${CHOKEPOINT:=$top_srcdir/chokepoint}"
case $CHOKEPOINT in
/*) ;;
*) CHOKEPOINT=$(pwd)/$CHOKEPOINT ;;
esac
if [ ! -x "$CHOKEPOINT" ]; then
	echo "golden.sh: $CHOKEPOINT: no such program (build first, or set CHOKEPOINT)" >&2
	exit 99
fi
golden=$top_srcdir/tests/golden
data=$top_srcdir/tests/data

# Messages in English, sorting and character classes in bytes.
LC_ALL=C
export LC_ALL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-golden.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The working directory of every case: tests/data by symbolic links, and
# gen/ for fixtures too big to commit.
work=$tmp/data
mkdir "$work" "$work/gen" || exit 99
for f in "$data"/*; do
	ln -s "$f" "$work/$(basename "$f")" || exit 99
done

# gen/huge-field: tiny with one 10 MB institution name (line 4).
gen_huge_field()
{
	d=$work/gen/huge-field
	mkdir "$d" && cp "$data"/tiny/*.csv "$d"/ || return 1
	chmod u+w "$d"/*.csv || return 1
	{
		printf 'bank-c,'
		dd if=/dev/zero bs=1048576 count=10 2>/dev/null | tr '\000' x
		printf ',shinkin,1,0,JP\n'
	} >>"$d/institutions.csv"
}
gen_huge_field || { echo "golden.sh: cannot generate gen/huge-field" >&2; exit 99; }

# Run case $1 and write its transcript to $2.
run_case()
{
	IFS= read -r args <"$golden/$1.cmd" || [ -n "$args" ] || return 1
	(
		cd "$work" || exit 99
		set -f
		# shellcheck disable=SC2086 # the arguments are split on purpose
		"$CHOKEPOINT" $args >"$tmp/stdout" 2>"$tmp/stderr"
		echo "$?" >"$tmp/status"
	)
	{
		echo "exit: $(cat "$tmp/status")"
		echo "--- stdout"
		cat "$tmp/stdout"
		echo "--- stderr"
		cat "$tmp/stderr"
	} >"$2"
}

if [ $# -eq 0 ]; then
	for f in "$golden"/*.cmd; do
		[ -e "$f" ] || continue
		n=$(basename "$f" .cmd)
		set -- "$@" "$n"
	done
fi
if [ $# -eq 0 ]; then
	echo "golden.sh: no cases in $golden" >&2
	exit 99
fi

pass=0
fail=0
for name in "$@"; do
	if [ ! -f "$golden/$name.cmd" ]; then
		echo "golden.sh: no case $golden/$name.cmd" >&2
		fail=$((fail + 1))
		continue
	fi
	actual=$tmp/$name.actual
	if ! run_case "$name" "$actual"; then
		echo "ERROR: $name: cannot read $name.cmd" >&2
		fail=$((fail + 1))
		continue
	fi
	expected=$golden/$name.expected
	if [ "$update" = yes ]; then
		if [ -f "$expected" ] && cmp -s "$expected" "$actual"; then
			:
		elif cp "$actual" "$expected"; then
			echo "updated: $expected (review it)"
		else
			fail=$((fail + 1))
		fi
		continue
	fi
	if [ ! -f "$expected" ]; then
		echo "FAIL: $name: no $name.expected (run tests/golden.sh --update $name)"
		fail=$((fail + 1))
	elif diff -u "$expected" "$actual" >"$tmp/diff"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $name"
		# Labels instead of temporary paths in the diff header.
		sed -e "1s|^--- .*|--- $name.expected|" -e "2s|^+++ .*|+++ $name (actual)|" \
			"$tmp/diff"
		fail=$((fail + 1))
	fi
done

[ "$update" = yes ] && exit $((fail > 0))
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# golden.sh - CLI golden tests.
#
# Each tests/cli/golden/NAME.cmd holds one line: the arguments to chokepoint.
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
# must equal tests/cli/golden/NAME.expected; a mismatch prints a unified diff.
#
#     tests/cli/golden.sh [--update] [NAME...]
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
	top_srcdir=$(cd "$(dirname "$0")/../.." && pwd) || exit 99
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
golden=$top_srcdir/tests/cli/golden
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

# The test models (tests/data/models; bad ones in models/bad/) beside the data.
: models/ is linked above with the rest of tests/data

# The files of tiny but vendors.csv and dependencies.csv, into gen/$1.
gen_base()
{
	d=$work/gen/$1
	mkdir "$d" || return 1
	for f in institutions services cloud; do
		cp "$data/tiny/$f.csv" "$d/" && chmod u+w "$d/$f.csv" || return 1
	done
}

# gen/deep-chain: 100,000 vendors in one dependency chain v0 -> v1 -> ...
# -> v99999 under a-pay; the last row (line 100002) names an unknown id.
gen_deep_chain()
{
	gen_base deep-chain || return 1
	awk 'BEGIN { print "id,name,type,parent,country,annual_outage_rate,outage_median_hours,outage_p95_hours"
		print "core,Shared core center A,shared_core_center,,JP,0.2,8,48"
		print "clearing,Clearing system,clearing,,JP,0.05,12,48"
		for (i = 0; i < 100000; i++) printf "v%d,Vendor %d,it,,JP,0.01,1,2\n", i, i }' \
		>"$d/vendors.csv" &&
	awk 'BEGIN { print "from,to,group,min_up,failover_hours"; print "a-pay,v0,,,"
		for (i = 0; i < 99999; i++) printf "v%d,v%d,,,\n", i, i + 1
		print "v99999,v100000,,," }' >"$d/dependencies.csv"
}

# gen/cycle-every-node: 100,000 vendors, each the parent of the next and
# the last the parent of the first: one parent cycle through every vendor.
gen_cycle_every_node()
{
	gen_base cycle-every-node || return 1
	awk 'BEGIN { print "id,name,type,parent,country,annual_outage_rate,outage_median_hours,outage_p95_hours"
		for (i = 0; i < 100000; i++)
			printf "v%d,Vendor %d,it,v%d,JP,0.01,1,2\n", i, i, (i + 1) % 100000 }' \
		>"$d/vendors.csv" &&
	printf 'from,to,group,min_up,failover_hours\na-pay,v0,,,\n' >"$d/dependencies.csv"
}

# gen/many-unknown: 100,000 vendors and 100,000 dependency rows, each
# naming an unknown id one letter off a vendor's (a "did you mean" search
# over every id for each row would take hours: only shown errors get one).
gen_many_unknown()
{
	gen_base many-unknown || return 1
	awk 'BEGIN { print "id,name,type,parent,country,annual_outage_rate,outage_median_hours,outage_p95_hours"
		for (i = 0; i < 100000; i++) printf "v%d,Vendor %d,it,,JP,0.01,1,2\n", i, i }' \
		>"$d/vendors.csv" &&
	awk 'BEGIN { print "from,to,group,min_up,failover_hours"
		for (i = 0; i < 100000; i++) printf "a-pay,w%d,,,\n", i }' >"$d/dependencies.csv"
}

# gen/dir-as-file: institutions.csv is a directory.
gen_dir_as_file()
{
	gen_base dir-as-file || return 1
	rm "$d/institutions.csv" && mkdir "$d/institutions.csv" &&
	cp "$data/tiny/vendors.csv" "$data/tiny/dependencies.csv" "$d/"
}

# Outputs in the way: gen/a-file (a file where a directory is wanted),
# gen/blocked/tiny-clearing (a file where run puts its model directory),
# gen/model.ini (a model file an output must not replace).
gen_outputs()
{
	echo "not a directory" >"$work/gen/a-file" &&
	mkdir "$work/gen/blocked" &&
	echo "not a directory" >"$work/gen/blocked/tiny-clearing" &&
	cp "$top_srcdir/tests/data/models/tiny-clearing.ini" "$work/gen/model.ini"
}

# gen/comma-bomb: a header of 1,000,000 empty column names (the duplicate
# check once compared every pair: 5 * 10^11 comparisons).
gen_comma_bomb()
{
	gen_base comma-bomb || return 1
	cp "$data/tiny/vendors.csv" "$data/tiny/dependencies.csv" "$d/" &&
	{ head -c 1000000 /dev/zero | tr '\000' ,; echo; } >"$d/institutions.csv"
}

# gen/wide-header: tiny with 1000 unknown columns of 200-byte names (the
# warning names the first ten, cut to 64 bytes).
gen_wide_header()
{
	gen_base wide-header || return 1
	cp "$data/tiny/vendors.csv" "$data/tiny/dependencies.csv" "$d/" &&
	awk 'BEGIN { x = sprintf("%200s", ""); gsub(/ /, "x", x) }
		NR == 1 { printf "%s", $0; for (i = 0; i < 1000; i++) printf ",c%d%s", i, x; print ""; next }
		{ printf "%s", $0; for (i = 0; i < 1000; i++) printf ","; print "" }' \
		"$data/tiny/institutions.csv" >"$d/institutions.csv"
}

for g in deep_chain cycle_every_node many_unknown dir_as_file outputs comma_bomb \
	wide_header; do
	"gen_$g" || { echo "golden.sh: cannot generate gen/$g" >&2; exit 99; }
done

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
		echo "FAIL: $name: no $name.expected (run tests/cli/golden.sh --update $name)"
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

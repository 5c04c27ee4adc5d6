#!/bin/sh
# manlint.sh - lint every man page in man/ with mandoc.
#
# Run by `make check` with top_srcdir set; by hand it finds the source
# tree from its own location.  Any message at level "warning" or above
# fails the test; exit 77 (skipped) when mandoc is not installed.

if ! command -v mandoc >/dev/null 2>&1; then
	echo "manlint: mandoc not found: skipped"
	exit 77
fi

if [ -z "${top_srcdir:-}" ]; then
	case $0 in
	*/*) here=${0%/*} ;;
	*) here=. ;;
	esac
	top_srcdir=$(cd "$here/../.." && pwd) || exit 99
fi

status=0
found=0
for page in "$top_srcdir"/man/*.[1-9]; do
	[ -f "$page" ] || continue
	found=$((found + 1))
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	rc=$?
	if [ -n "$out" ] || [ "$rc" -ne 0 ]; then
		printf '%s\n' "$out"
		echo "FAIL: $page (mandoc exit status $rc)"
		status=1
	else
		echo "ok: $page"
	fi
done

if [ "$found" -eq 0 ]; then
	echo "manlint: no man pages in $top_srcdir/man"
	exit 1
fi
exit "$status"

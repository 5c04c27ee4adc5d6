#!/bin/sh
# readme.sh - what the README quotes from the program is what the program
# prints: the Commands section's block is `chokepoint --help`, verbatim.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CHOKEPOINT=${CHOKEPOINT:-$top_srcdir/chokepoint}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-readme.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
awk '/^## Commands/{c=1} c&&/^```$/{if(b){exit} b=1; next} c&&b{print}' \
	"$top_srcdir/README.md" >"$tmp/readme" || exit 99
"$CHOKEPOINT" --help >"$tmp/help" || exit 99
if ! diff -u "$tmp/help" "$tmp/readme"; then
	echo "FAIL: README.md's Commands block differs from chokepoint --help (above: - program, + README)"
	exit 1
fi
echo "readme: the Commands block is chokepoint --help"

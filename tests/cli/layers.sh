#!/bin/sh
# layers.sh - src/ is layered; a file includes only its own folder and the
# folders below it (docs/ARCHITECTURE.md):
#
#     base < input < sim < report < gen < cli
#
# Every project include names its folder ("sim/engine.h"), so the rule is
# read off the include lines.  The check is run on the source tree, then
# on a copy with one upward include planted, which it must refuse: a check
# that cannot fail checks nothing.
#
#     tests/cli/layers.sh [SRCDIR]
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
LC_ALL=C
export LC_ALL

LAYERS="base input sim report gen cli"

rank()
{
	i=0
	for l in $LAYERS; do
		[ "$l" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo -1
}

# check SRC: print each include that breaks the rule; fail if any does.
check()
{
	src=$1
	bad=0
	for layer in $LAYERS; do
		[ -d "$src/$layer" ] || { echo "layers.sh: no folder $src/$layer" >&2; return 2; }
		own=$(rank "$layer")
		for f in "$src/$layer"/*.[ch]; do
			[ -e "$f" ] || continue
			# "file.h" with no folder: only config.h (generated, at the top)
			out=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
				while IFS= read -r inc; do
					case $inc in
					config.h) ;;
					*/*)
						to=${inc%%/*}
						r=$(rank "$to")
						if [ "$r" -lt 0 ]; then
							echo "${f#$src/}: includes \"$inc\": no layer \"$to\" (expected one of: $LAYERS)"
						elif [ "$r" -gt "$own" ]; then
							echo "${f#$src/}: includes \"$inc\": $layer may include only layers below it, and $to is above"
						fi
						;;
					*) echo "${f#$src/}: includes \"$inc\": expected the folder in the name (\"LAYER/$inc\")" ;;
					esac
				done)
			if [ -n "$out" ]; then
				printf '%s\n' "$out"
				bad=1
			fi
		done
	done
	stray=$(find "$src" -maxdepth 1 -name '*.[ch]' | head -1)
	if [ -n "$stray" ]; then
		echo "${stray#$src/}: a source file outside the layer folders"
		bad=1
	fi
	return $bad
}

src=${1:-$top_srcdir/src}
if ! check "$src"; then
	echo "FAIL: upward or unqualified includes in $src (see docs/ARCHITECTURE.md)"
	exit 1
fi

# The planted violation: base/ including a command's header.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-layers.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
cp -R "$src" "$tmp/src" && chmod -R u+w "$tmp/src" || exit 99
printf '#include "cli/cmd.h"\n' >>"$tmp/src/base/alloc.c"
if out=$(check "$tmp/src"); then
	echo "FAIL: a planted upward include (base/alloc.c -> cli/cmd.h) was not caught"
	exit 1
fi
case $out in
*'base/alloc.c: includes "cli/cmd.h": base may include only layers below it, and cli is above'*) ;;
*) echo "FAIL: the planted upward include was caught with the wrong message: $out"; exit 1 ;;
esac
echo "layers: $(echo $LAYERS | sed 's/ / < /g'): no upward include"

#!/bin/sh
# check-sanitizers.sh - the whole `make check` under AddressSanitizer and
# UndefinedBehaviorSanitizer, in a separate build directory.
#
#     scripts/check-sanitizers.sh [BUILDDIR]
#
# Configures BUILDDIR/obj (default build-sanitizers, beside the sources)
# with --enable-sanitizers and runs `make check` there; the normal build is
# untouched.  Any ASan or UBSan report, or a leak, fails the test that
# triggered it (halt_on_error; UBSan is built with -fno-sanitize-recover).
# No suppression is needed: the suite is clean as it stands, libgomp's
# thread pool included (its threads' memory is still reachable at exit,
# which LeakSanitizer does not report).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-sanitizers}
case $build in /*) ;; *) build=$(pwd)/$build ;; esac

# A separate build from an unconfigured source tree (scripts/vpath.sh).
. "$top/scripts/vpath.sh"
vpath_prepare "$top" "$build"
if [ ! -f Makefile ]; then
	"$srcdir/configure" -q --enable-sanitizers
fi

# detect_leaks: on (the default on Linux x86-64, made explicit).
# abort_on_error=0: exit with an error status rather than SIGABRT, so a
# test harness sees a plain failure with the report in its log.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -le 2 ] || jobs=2
if ! make -s -j"$jobs" check; then
	echo "check-sanitizers.sh: failures; logs in $build/obj/tests/" >&2
	exit 1
fi
echo "check-sanitizers.sh: make check passed under ASan and UBSan ($build/obj)"

# scripts/vpath.sh - sourced by check-sanitizers.sh, check-mpi.sh and
# fuzz.sh: prepare a separate (VPATH) build of the sources in $top.
#
# vpath_prepare TOP BUILD sets srcdir to the source tree to configure
# and changes into BUILD/obj.  A VPATH build needs an unconfigured source
# tree: when the sources are configured in place (the quick start does
# so), it builds from a fresh copy of the distributed files (make
# distdir; unchanged files keep their times, so a rerun recompiles only
# what changed).
vpath_prepare() {
	mkdir -p "$2/obj"
	if [ -f "$1/config.status" ]; then
		srcdir=$2/src
		make -s -C "$1" distdir distdir="$srcdir" >/dev/null
	else
		[ -x "$1/configure" ] || (cd "$1" && autoreconf -fi)
		srcdir=$1
	fi
	cd "$2/obj"
}

#!/bin/sh
# Install chokepoint's build and test dependencies on Debian 12 (run as root).
# Every library comes from Debian's archive; nothing is downloaded at build
# or run time.
#
# PLplot: chokepoint links only the C library, libplplot, and draws with
# its SVG driver, which is part of libplplot17.  The C headers and
# plplot.pc come only in libplplot-dev, which also depends on the C++,
# Fortran, Qt and wxWidgets bindings and so pulls in Qt 5, GTK 3,
# wxWidgets, Mesa, LLVM and gfortran (about 210 packages, 110 MB to
# download, 410 MB installed, on top of the rest).  By default this
# script installs libplplot-dev all the same: every file then belongs to a
# Debian package.  With --light-plplot it installs libplplot17 only and
# unpacks the headers and plplot.pc of the libplplot-dev of the same
# version from the archive into /usr/local, where pkg-config and the
# compiler look by default, with a libplplot.so link to the installed
# library (files dpkg does not know of; remove them by hand).
#
#     scripts/install-deps.sh [--light-plplot]
set -eu
plplot=libplplot-dev
case ${1-} in
--light-plplot) plplot=libplplot17 ;;
"") ;;
*) echo "usage: $0 [--light-plplot]" >&2; exit 64 ;;
esac
PKGS="build-essential autoconf automake autoconf-archive libtool pkg-config
      libigraph-dev libgsl-dev libcsv-dev libinih-dev libjansson-dev
      libcriterion-dev nettle-dev $plplot libzip-dev mandoc time valgrind
      python3 libopenmpi-dev openmpi-bin"
prefix=/usr/local

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=""
for p in $PKGS; do
	installed "$p" || missing="$missing $p"
done
export DEBIAN_FRONTEND=noninteractive
updated=no
if [ -n "$missing" ]; then
	apt-get update -qq
	updated=yes
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi

# The C headers and plplot.pc of libplplot-dev, without its dependencies;
# again when libplplot17 has changed version since.
version=$(dpkg-query -W -f='${Version}' libplplot17)
stamp="# unpacked from libplplot-dev $version by chokepoint's install-deps.sh"
if [ "$plplot" = libplplot17 ] && ! installed libplplot-dev &&
	[ "$(head -n 1 "$prefix/lib/pkgconfig/plplot.pc" 2>/dev/null)" != "$stamp" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	chown _apt "$tmp" 2>/dev/null || true # apt-get download runs as _apt
	[ "$updated" = yes ] || apt-get update -qq
	(cd "$tmp" && apt-get download -qq "libplplot-dev=$version")
	dpkg-deb -x "$tmp"/libplplot-dev_*.deb "$tmp/root"
	pc=$(echo "$tmp"/root/usr/lib/*/pkgconfig/plplot.pc)
	libdir=$(sed -n 's/^libdir=//p' "$pc")
	so=$(readlink "$(dirname "$pc")/../libplplot.so") # libplplot.so.17
	[ -f "$libdir/$so" ] || {
		echo "install-deps.sh: $libdir/$so not found (libplplot17)" >&2
		exit 1
	}
	mkdir -p "$prefix/include/plplot" "$prefix/lib/pkgconfig"
	cp "$tmp"/root/usr/include/plplot/*.h "$prefix/include/plplot/"
	ln -sf "$libdir/$so" "$prefix/lib/libplplot.so"
	{
		echo "$stamp"
		sed -e "s|^libdir=.*|libdir=$prefix/lib|" \
			-e "s|^includedir=.*|includedir=$prefix/include/plplot|" "$pc"
	} >"$prefix/lib/pkgconfig/plplot.pc"
	echo "install-deps.sh: PLplot $version headers and plplot.pc in $prefix"
fi

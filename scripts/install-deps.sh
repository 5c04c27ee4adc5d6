#!/bin/sh
# Install chokepoint's build and test dependencies on Debian 12 (run as root).
# Every library comes from Debian's archive; nothing is downloaded at build
# or run time.
set -eu
PKGS="build-essential autoconf automake autoconf-archive libtool pkg-config
      libigraph-dev libgsl-dev libcsv-dev libinih-dev libjansson-dev
      libcriterion-dev nettle-dev libplplot-dev libzip-dev mandoc time valgrind
      python3"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi

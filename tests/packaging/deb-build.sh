#!/bin/sh
# Builds keylint's Debian package with CPack, as the README's Install
# section does, into build-deb/keylint_VERSION_ARCH.deb.  Run as root on
# Debian, it first installs the build packages that are missing (cpack's
# dpkg-shlibdeps needs dpkg-dev, from build-essential, and file).
#
#   tests/packaging/deb-build.sh [--tar]
#
# With --tar, a tar of the .deb goes to standard output and everything else
# to standard error: .ci/run builds the package in a fresh Debian root this
# way and takes it out through the pipe.
set -eu
cd "$(dirname "$0")/../.."
tar=0
[ "${1:-}" = --tar ] && tar=1

build() {
	missing=""
	for p in build-essential cmake pkg-config file libpcre2-dev \
		libgit2-dev libcjson-dev libarchive-dev libdeflate-dev; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "ok installed" || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "deb-build: missing packages:$missing" >&2
			exit 1
		fi
		DEBIAN_FRONTEND=noninteractive
		export DEBIAN_FRONTEND
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends $missing >/dev/null
	fi
	rm -rf build-deb
	cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DKEYLINT_TESTS=OFF
	cmake --build build-deb -j"$(nproc)"
	(cd build-deb && cpack -G DEB)
}

build >&2
set -- build-deb/keylint_*_*.deb
[ -f "$1" ] || { echo "deb-build: cpack made no keylint_*.deb" >&2; exit 1; }
echo "deb-build: built $1" >&2
if [ $tar = 1 ]; then
	tar -C build-deb -cf - "$(basename "$1")"
fi

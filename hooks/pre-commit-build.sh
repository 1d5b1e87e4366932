#!/bin/sh
# pre-commit hook "keylint": builds keylint from this hook repository on
# first use, then checks what is staged.  The build lives in a folder keyed
# by the sources' git tree id, is made in a temporary folder under a lock
# and moved into place, so concurrent first runs neither corrupt nor
# repeat it.  A user needs only a C toolchain, cmake and the -dev packages.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${KEYLINT_HOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/keylint-hook}
key=$(git -C "$here" rev-parse HEAD 2>/dev/null || echo unversioned)
bin="$cache/$key/keylint"

missing() {
	echo "keylint hook: cannot build keylint: $1" >&2
	echo "keylint hook: on Debian/Ubuntu: apt-get install build-essential" \
		"cmake pkg-config libpcre2-dev libgit2-dev libcjson-dev libarchive-dev libdeflate-dev" >&2
	exit 2
}

build() {
	command -v cmake >/dev/null 2>&1 || missing "cmake is not installed"
	command -v cc >/dev/null 2>&1 || missing "no C compiler (cc)"
	command -v pkg-config >/dev/null 2>&1 ||
		missing "pkg-config is not installed"
	for pc in libpcre2-8:libpcre2-dev libgit2:libgit2-dev \
		libcjson:libcjson-dev libarchive:libarchive-dev \
		libdeflate:libdeflate-dev; do
		pkg-config --exists "${pc%%:*}" ||
			missing "package ${pc#*:} is missing (pkg-config ${pc%%:*})"
	done
	tmp=$(mktemp -d "$cache/build.XXXXXX")
	if ! cmake -S "$here" -B "$tmp/b" -DCMAKE_BUILD_TYPE=Release \
		-DKEYLINT_TESTS=OFF >"$tmp/log" 2>&1 ||
		! cmake --build "$tmp/b" --target keylint -j2 >>"$tmp/log" 2>&1; then
		cat "$tmp/log" >&2
		rm -rf "$tmp"
		missing "the build failed (log above)"
	fi
	mkdir -p "$tmp/out"
	cp "$tmp/b/keylint" "$tmp/out/keylint"
	# Atomic publish: rename a complete folder into place.
	mv "$tmp/out" "$cache/$key" 2>/dev/null || true
	rm -rf "$tmp"
}

if [ ! -x "$bin" ]; then
	mkdir -p "$cache"
	if command -v flock >/dev/null 2>&1; then
		(
			flock 9
			[ -x "$bin" ] || build
		) 9>"$cache/.lock"
	else
		build
	fi
fi
exec "$bin" staged --format text "$@"

#!/bin/sh
# Everything CI does, from a fresh Debian 12 machine: install the packages
# the build and the tests need, build keylint twice (release with -Werror,
# and ASan + UBSan), and run the whole ctest suite on both builds.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="build-essential cmake pkg-config git python3 libpcre2-dev
libgit2-dev libcjson-dev libarchive-dev libdeflate-dev libcmocka-dev util-linux pre-commit clang
libarchive-tools tmux
libclang-rt-14-dev valgrind clang-format groff-base zsh python3-yaml
chromium"
# Node.js only to run the official SARIF validator; any npm will do.
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"

install_packages() {
	missing=""
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "ci.sh: missing packages:$missing (run as root to install)" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	for attempt in 1 2 3; do
		apt-get update -qq && apt-get install -y -qq --no-install-recommends \
			$missing >/dev/null && return 0
		echo "ci.sh: apt-get failed (attempt $attempt), retrying" >&2
		sleep 5
	done
	exit 1
}

# The SARIF validator goes into a scratch folder outside the repository.
install_sarif_validator() {
	dir=${TMPDIR:-/tmp}/keylint-sarif-multitool
	tool=$dir/node_modules/.bin/sarif-multitool
	for attempt in 1 2 3; do
		[ -x "$tool" ] && break
		npm install --silent --no-audit --no-fund --prefix "$dir" \
			@microsoft/sarif-multitool >/dev/null 2>&1 || sleep 5
	done
	if [ -x "$tool" ]; then
		export SARIF_MULTITOOL="$tool"
	else
		echo "ci.sh: warning: could not install the SARIF validator;" \
			"SARIF validation tests will be skipped" >&2
	fi
}

install_packages
install_sarif_validator
# The HTML report is checked in headless Chromium; here its absence is a
# failure, not a skip.
export KEYLINT_REQUIRE_BROWSER=1
jobs=$(nproc)

# The code and .clang-format agree (clang-format 14, Debian 12's).
if ! git ls-files '*.c' '*.h' | xargs clang-format --dry-run --Werror; then
	echo "ci.sh: the files above are not clang-format clean;" \
		"run: git ls-files '*.c' '*.h' | xargs clang-format -i" >&2
	exit 1
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DKEYLINT_WERROR=ON \
	-DKEYLINT_TESTS=ON
cmake --build build -j"$jobs"
# KL_SLOW_TESTS adds the hostile case of a million empty files.
KL_SLOW_TESTS=1 ctest --test-dir build --no-tests=error --output-on-failure -j"$jobs"

# Sanitizer exit codes differ from keylint's own (1 = findings), so a
# sanitizer report can never pass for an expected exit code.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKEYLINT_SANITIZE=ON \
	-DKEYLINT_WERROR=ON -DKEYLINT_TESTS=ON
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:exitcode=86:abort_on_error=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87 \
	ctest --test-dir build-asan --no-tests=error --output-on-failure -j"$jobs"

# libFuzzer (clang, with ASan and UBSan): every target for a fixed number
# of inputs from a fixed seed (about 45 s each here, at most five minutes).
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DKEYLINT_FUZZ=ON -DKEYLINT_TESTS=ON
cmake --build build-fuzz -j"$jobs" --target fuzz
ctest --test-dir build-fuzz --no-tests=error --output-on-failure -R '^fuzz\.' -j"$jobs"
echo "ci.sh: all tests passed"

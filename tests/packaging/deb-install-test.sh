#!/bin/sh
# Installs keylint's .deb with apt, the way the README says, into a Debian
# root that has none of the build packages, and checks what a user gets:
# the binary on PATH scans the demo tree and prints its findings, the
# package declares its library dependencies, and the man page and the
# completions are where they belong.  .ci/run runs it in a fresh root:
#
#   fresh-debian --with build-deb/keylint_0.1.0_amd64.deb -- \
#       tests/packaging/deb-install-test.sh
#
# The package is taken from /in/ (where fresh-debian --with puts it).
set -eu
cd "$(dirname "$0")/../.."
src=$(pwd)
fail() {
	echo "deb-install-test: FAIL: $*" >&2
	exit 1
}
ok() { echo "deb-install-test: ok: $*" >&2; }

[ "$(id -u)" = 0 ] || fail "needs root (it installs a package)"
dpkg-query -W -f='${Status}' libgit2-dev 2>/dev/null | grep -q "ok installed" &&
	fail "libgit2-dev is installed: this is not a bare root"
ls /in/keylint_*.deb >/dev/null 2>&1 || fail "no /in/keylint_*.deb"

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
(cd /in && apt-get install -y -qq --no-install-recommends ./keylint_*.deb) ||
	fail "apt-get install ./keylint_*.deb"
ok "apt-get install ./$(cd /in && ls keylint_*.deb)"

[ "$(command -v keylint)" = /usr/bin/keylint ] ||
	fail "keylint is not /usr/bin/keylint: $(command -v keylint || true)"
version=$(keylint version) || fail "keylint version"
case $version in "keylint "[0-9]*) ;; *) fail "keylint version: $version" ;; esac
ok "$version"

deps=$(dpkg -s keylint | sed -n 's/^Depends: //p')
for lib in libgit2 libpcre2 libcjson libarchive libdeflate libc6; do
	case $deps in *"$lib"*) ;; *) fail "Depends lacks $lib: $deps" ;; esac
done
ok "Depends: $deps"

files=$(dpkg -L keylint)
for f in /usr/bin/keylint /usr/share/man/man1/keylint.1 \
	/usr/share/bash-completion/completions/keylint \
	/usr/share/zsh/vendor-completions/_keylint; do
	echo "$files" | grep -qx "$f" || fail "the package does not install $f"
done
ok "the package installs the binary, keylint(1) and the completions"
bash -c '. /usr/share/bash-completion/completions/keylint &&
	complete -p keylint' >/dev/null || fail "the bash completion does not load"

# The demo's keys are planted fakes; every one is a finding, exit 1.
out=$(mktemp)
cd /tmp
set +e
keylint scan --format text "$src/testdata/demo" >"$out" 2>&1
rc=$?
set -e
cat "$out"
[ $rc = 1 ] || fail "keylint scan of the demo exited $rc, expected 1"
for rule in github-pat-classic stripe-live-secret-key private-key-openssh \
	aws-access-key-id; do
	grep -q " $rule " "$out" || fail "no $rule finding in the demo"
done
grep -q "ghp_\*\*\*\*\*" "$out" || fail "the GitHub token is not redacted"
grep -Eq '^[0-9]+ findings' "$out" || fail "no summary line"
ok "the installed keylint scans the demo: $(grep -E '^[0-9]+ findings' "$out")"
rm -f "$out"
echo "deb-install-test: all checks passed" >&2

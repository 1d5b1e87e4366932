#!/bin/sh
# keylint as a CI gate: the steps of the GitHub Action (action.yml) and of
# the GitLab CI template (ci/keylint.gitlab-ci.yml), in one script that
# tests/e2e/test_ci_action.py runs with the environment of a real run.
#
#   keylint-ci.sh install   print the path of a keylint binary: KEYLINT_BIN
#                           (or INPUT_KEYLINT_PATH), else keylint on PATH,
#                           else one built from this script's source tree
#   keylint-ci.sh github    scan, from GitHub Actions' environment
#   keylint-ci.sh gitlab    scan, from GitLab CI's environment
#
# A scan covers the commits that a pull request (merge request) or a push
# adds, the whole history on other events, or the folder given.  It writes
# a SARIF report, a short Markdown summary of the findings and, on GitHub,
# step outputs, and exits 1 when there are findings at or above the
# minimum severity, 0 when there are none, and 2 or 3 when the scan could
# not run (keylint's own codes).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
say() { echo "keylint-ci: $*" >&2; }
die() {
	say "$*"
	exit 2
}

zeros=0000000000000000000000000000000000000000

# ---- install ---------------------------------------------------------------

build_packages="build-essential cmake pkg-config libpcre2-dev libgit2-dev
libcjson-dev libarchive-dev libdeflate-dev"

install_build_packages() {
	missing=""
	command -v dpkg-query >/dev/null 2>&1 || return 0
	for p in $build_packages; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	sudo=""
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null 2>&1 ||
			die "missing packages:$missing (and no sudo to install them)"
		sudo="sudo"
	fi
	say "installing$missing"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing >&2
}

cmd_install() {
	bin=${KEYLINT_BIN:-${INPUT_KEYLINT_PATH:-}}
	if [ -n "$bin" ]; then
		[ -x "$bin" ] || die "keylint-path: $bin is not an executable"
		bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
	elif bin=$(command -v keylint 2>/dev/null); then
		:
	else
		src=$(cd "$here/.." && pwd)
		build=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/keylint-build
		say "building keylint from $src"
		install_build_packages
		cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release \
			-DKEYLINT_TESTS=OFF >&2
		cmake --build "$build" --target keylint -j"$(nproc)" >&2
		bin=$build/keylint
	fi
	version=$("$bin" version) || die "$bin does not run"
	say "using $bin ($version)"
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		echo "keylint=$bin" >>"$GITHUB_OUTPUT"
	fi
	echo "$bin"
}

# ---- scan ------------------------------------------------------------------

# The commit id of a revision, or nothing if the repository lacks it.
commit_of() {
	[ -n "$1" ] || return 0
	git -C "$workspace" rev-parse -q --verify "$1^{commit}" 2>/dev/null || true
}

# Revisions to scan: "^BASE... HEAD" for a change, or nothing (every ref).
# $1 head; then the bases to exclude (names or ids; missing ones skipped,
# but at least one must exist).
change_revs() {
	head=$1
	shift
	hid=$(commit_of "$head")
	[ -n "$hid" ] || die "commit $head is not in $workspace (check out" \
		"the whole history: fetch-depth: 0 / GIT_DEPTH: 0)"
	revs="" shown=""
	for b in "$@"; do
		bid=$(commit_of "$b")
		[ -n "$bid" ] || continue
		case " $revs " in *" ^$bid "*) continue ;; esac
		revs="$revs ^$bid"
		shown="$shown${shown:+, }$(echo "$bid" | cut -c1-7)"
	done
	[ -n "$revs" ] || die "none of the base revisions ($*) is in" \
		"$workspace (check out the whole history: fetch-depth: 0 /" \
		"GIT_DEPTH: 0)"
	revs="$revs $hid"
	range="$shown..$(echo "$hid" | cut -c1-7)"
}

# Runs keylint with what the front ends set: workspace, bin, path, revs,
# scanned, severity, sarif, args, summary_file, and prints the summary.
scan() {
	case $severity in
	low | medium | high | critical) ;;
	*) die "min-severity: expected low, medium, high or critical, not" \
		"\"$severity\"" ;;
	esac
	cd "$workspace"
	case $sarif in /*) ;; *) sarif=$workspace/$sarif ;; esac
	mkdir -p "$(dirname "$sarif")"
	rm -f "$sarif"
	set -f # revisions and extra arguments are split, never globbed
	if [ -n "$path" ]; then
		set -- scan "$path"
	else
		# shellcheck disable=SC2086
		set -- history . $revs
	fi
	say "keylint $* --format sarif -o $sarif --min-severity $severity $args"
	status=0
	# shellcheck disable=SC2086
	"$bin" "$@" --format sarif -o "$sarif" --min-severity "$severity" \
		--no-progress $args || status=$?
	set +f

	md=$(mktemp)
	if command -v python3 >/dev/null 2>&1; then
		if ! python3 "$here/keylint-summary.py" --sarif "$sarif" \
			--min-severity "$severity" --scanned "$scanned" \
			--status "$status" >"$md"; then
			say "could not summarise $sarif"
			[ "$status" != 0 ] || status=2
		fi
	else
		printf '### keylint\n\nScanned %s: exit %d (python3 is needed for a table of the findings; see %s).\n' \
			"$scanned" "$status" "$(basename "$sarif")" >"$md"
	fi
	if [ -n "$summary_file" ]; then
		cat "$md" >>"$summary_file"
	fi
	if [ "${print_summary:-0}" = 1 ]; then
		cat "$md" >&2
	fi
	rm -f "$md"

	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		echo "exit-code=$status" >>"$GITHUB_OUTPUT"
		if [ -s "$sarif" ]; then
			# keylint prints one key a line: one "ruleId" a result.
			echo "findings=$(grep -c '"ruleId"' "$sarif" || true)" \
				>>"$GITHUB_OUTPUT"
			echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
		fi
	fi
	case $status in
	0) say "no findings at or above $severity in $scanned" ;;
	2 | 3) say "keylint could not scan (exit $status)" ;;
	*) say "findings at or above $severity in $scanned (exit $status)" ;;
	esac
	exit "$status"
}

cmd_github() {
	workspace=${GITHUB_WORKSPACE:-$(pwd)}
	bin=${KEYLINT_BIN:-${INPUT_KEYLINT_PATH:-}}
	[ -n "$bin" ] || bin=$(command -v keylint) ||
		die "no keylint: run 'keylint-ci.sh install' first"
	severity=${INPUT_MIN_SEVERITY:-high}
	sarif=${INPUT_SARIF_FILE:-keylint.sarif}
	args=${INPUT_ARGS:-}
	path=${INPUT_PATH:-}
	summary_file=${GITHUB_STEP_SUMMARY:-}
	revs=""
	if [ -n "$path" ]; then
		scanned="\`$path\` as it is on disk"
	else
		case ${GITHUB_EVENT_NAME:-} in
		pull_request | pull_request_target)
			# pull_request checks out a merge of the head into the
			# base (GITHUB_SHA); pull_request_target the base itself.
			head=${GITHUB_SHA:?GITHUB_SHA is not set}
			[ "$GITHUB_EVENT_NAME" = pull_request_target ] &&
				head=${KEYLINT_PR_HEAD_SHA:?no pull_request.head.sha}
			base=${GITHUB_BASE_REF:?GITHUB_BASE_REF is not set}
			change_revs "$head" "origin/$base" "${KEYLINT_PR_BASE_SHA:-}" \
				"$base"
			scanned="the commits of this pull request (\`$range\`)"
			;;
		push)
			head=${GITHUB_SHA:?GITHUB_SHA is not set}
			before=${KEYLINT_PUSH_BEFORE:-}
			if [ -n "$before" ] && [ "$before" != $zeros ] &&
				[ -n "$(commit_of "$before")" ]; then
				change_revs "$head" "$before"
				scanned="the commits of this push (\`$range\`)"
			else
				revs=$(commit_of "$head")
				scanned="the history of \`$(echo "$revs" | cut -c1-7)\`"
			fi
			;;
		*)
			scanned="the whole history of every branch and tag"
			;;
		esac
	fi
	scan
}

cmd_gitlab() {
	workspace=${CI_PROJECT_DIR:-$(pwd)}
	bin=${KEYLINT_BIN:-}
	[ -n "$bin" ] || bin=$(command -v keylint) ||
		die "no keylint: run 'keylint-ci.sh install' first"
	severity=${KEYLINT_MIN_SEVERITY:-high}
	sarif=${KEYLINT_SARIF:-keylint.sarif}
	args=${KEYLINT_ARGS:-}
	path=${KEYLINT_SCAN_PATH:-}
	summary_file=${KEYLINT_SUMMARY-keylint-summary.md}
	case $summary_file in "" | /*) ;; *) summary_file=$workspace/$summary_file ;; esac
	[ -z "$summary_file" ] || : >"$summary_file"
	print_summary=1
	revs=""
	head=${CI_COMMIT_SHA:-HEAD}
	if [ -n "$path" ]; then
		scanned="\`$path\` as it is on disk"
	elif [ -n "${CI_MERGE_REQUEST_DIFF_BASE_SHA:-}" ]; then
		target=${CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-}
		change_revs "$head" "$CI_MERGE_REQUEST_DIFF_BASE_SHA" \
			${target:+"origin/$target"}
		scanned="the commits of this merge request (\`$range\`)"
	elif [ -n "${CI_COMMIT_BEFORE_SHA:-}" ] &&
		[ "$CI_COMMIT_BEFORE_SHA" != $zeros ] &&
		[ -n "$(commit_of "$CI_COMMIT_BEFORE_SHA")" ]; then
		change_revs "$head" "$CI_COMMIT_BEFORE_SHA"
		scanned="the commits of this push (\`$range\`)"
	else
		revs=$(commit_of "$head")
		[ -n "$revs" ] || die "commit $head is not in $workspace"
		scanned="the history of \`$(echo "$revs" | cut -c1-7)\`"
	fi
	scan
}

case ${1:-} in
install) cmd_install ;;
github) cmd_github ;;
gitlab) cmd_gitlab ;;
*) die "usage: keylint-ci.sh install|github|gitlab" ;;
esac

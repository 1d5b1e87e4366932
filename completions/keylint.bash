# bash completion for keylint(1).  Installed as
# share/bash-completion/completions/keylint; self-contained (no helpers
# from the bash-completion package needed), so sourcing it is enough.
# tests/packaging/test_install.py checks it against 'keylint --help'.

# Branches, tags and remote-tracking refs of the repository in $1, with an
# optional "A.." prefix kept, for history's revision arguments.
_keylint_refs()
{
	local repo=$1 cur=$2 prefix=
	case $cur in
	*..*) prefix=${cur%..*}.. cur=${cur##*..} ;;
	^*) prefix=^ cur=${cur#^} ;;
	esac
	local refs
	refs=$(git -C "$repo" for-each-ref --format='%(refname:short)' \
		refs/heads refs/tags refs/remotes 2>/dev/null) || return 0
	local r
	for r in HEAD $refs; do
		[[ $r == "$cur"* ]] && COMPREPLY+=("$prefix$r")
	done
}

_keylint()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	local i=$((COMP_CWORD - 1))
	COMPREPLY=()
	# "--format=js": bash splits at '=', so the option is one word further.
	if [[ $cur == = ]]; then
		cur=
		prev=${COMP_WORDS[i]}
	elif ((i > 0)); then
		prev=${COMP_WORDS[i]}
		if [[ $prev == = ]] && ((i > 1)); then prev=${COMP_WORDS[i - 1]}; fi
	fi

	local commands="scan history staged baseline rules version explain config audit merge help"
	if ((COMP_CWORD == 1)); then
		mapfile -t COMPREPLY < <(compgen -W "$commands --help --version" -- "$cur")
		return 0
	fi
	# first: the index of the first word after the command.
	local cmd=${COMP_WORDS[1]} first=2
	# "baseline scan|history": the scan's options and arguments.
	if [[ $cmd == baseline ]]; then
		if ((COMP_CWORD == 2)); then
			if [[ $cur == -* ]]; then
				mapfile -t COMPREPLY < <(compgen -W "--help -h" -- "$cur")
			else
				mapfile -t COMPREPLY < <(compgen -W "scan history" -- "$cur")
			fi
			return 0
		fi
		cmd=${COMP_WORDS[2]} first=3
		[[ $cmd == scan || $cmd == history ]] || return 0
	fi
	# "config import FILE".
	if [[ $cmd == config ]]; then
		if ((COMP_CWORD == 2)); then
			if [[ $cur == -* ]]; then
				mapfile -t COMPREPLY < <(compgen -W "--help -h" -- "$cur")
			else
				mapfile -t COMPREPLY < <(compgen -W "import" -- "$cur")
			fi
			return 0
		fi
		[[ ${COMP_WORDS[2]} == import ]] || return 0
		cmd=config-import first=3
	fi

	local common="--format --output -o --config --rules --no-default-rules
		--baseline --show-secrets --explain --threads --max-file-size
		--max-archive-depth --max-decode-depth --min-severity --exit-code
		--progress --no-progress --color --quiet -q --help -h"
	local opts formats="json sarif text jsonl html"
	case $cmd in
	scan) opts="$common --no-git-ignore --stdin-name" ;;
	history) opts="$common --trust-repo --state" ;;
	staged) opts="$common --trust-repo" ;;
	audit)
		opts="$common --trust-repo --shard --cache --state"
		formats="text html json jsonl"
		;;
	merge)
		opts="--format --output -o --min-severity --exit-code --quiet -q --help -h"
		formats="text html json jsonl"
		;;
	rules)
		opts="--format --rules --no-default-rules --config --check --help -h"
		formats="json text"
		;;
	version) opts="--help -h" ;;
	config-import) opts="--output -o --quiet -q --help -h" ;;
	explain)
		opts="--format --config --rules --no-default-rules --baseline
			--show-secrets --color --help -h"
		formats="text json"
		;;
	help | --help | -h)
		((COMP_CWORD == 2)) &&
			mapfile -t COMPREPLY < <(compgen -W "scan history staged baseline rules version explain config audit merge" -- "$cur")
		return 0
		;;
	*) return 0 ;;
	esac

	case $prev in
	--format)
		mapfile -t COMPREPLY < <(compgen -W "$formats" -- "$cur")
		return 0
		;;
	--min-severity)
		mapfile -t COMPREPLY < <(compgen -W "low medium high critical" -- "$cur")
		return 0
		;;
	--color)
		mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur")
		return 0
		;;
	-o | --output | --config | --rules | --baseline | --state)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
		;;
	--cache)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return 0
		;;
	--threads | --max-file-size | --max-archive-depth | --max-decode-depth | \
		--exit-code | --stdin-name | --shard)
		return 0 # a value of the user's choosing
		;;
	esac

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		return 0
	fi
	case $cmd in
	history)
		# The first argument may be the repository; then revisions.
		local repo=. w
		for w in "${COMP_WORDS[@]:first:COMP_CWORD-first}"; do
			if [[ $w != -* && -d $w ]]; then repo=$w; fi
			break
		done
		_keylint_refs "$repo" "$cur"
		compopt -o filenames 2>/dev/null
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur")
		;;
	staged)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		;;
	scan | rules | config-import | explain | audit | merge)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		;;
	esac
	return 0
}

complete -F _keylint keylint

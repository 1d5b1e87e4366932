# Prints the matches zsh's completion system offers for a command line:
#   zsh -f zsh-complete.zsh FPATH-DIR 'keylint history --'
# It runs an interactive zsh in a pseudo-terminal (zpty), loads compinit
# with FPATH-DIR first on fpath, types the line and a TAB, and reads back
# every match that compadd is given, one a line.  (The technique of
# zsh-capture-completion.)
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z "PS1= PROMPT= RPROMPT=; fpath=($1 \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
# The markers are split in what is typed, so the terminal's echo of these
# lines never looks like output.
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits; builtin compadd -A __hits "$@"; local ret=$?
  (( $#__hits )) && print -rl -- "<""hit>"${^__hits}
  return ret
}'
zpty -w z 'finish () { print -r -- "<""end>"; exit }; zle -N finish; comppostfuncs=(finish)'
zpty -w z "$2"$'\t'
buf= chunk=
while zpty -r z chunk; do
	buf+=$chunk
	[[ $buf == *'<end>'* ]] && break
done
buf=${buf//$'\r'/}
for l in ${(f)buf//<hit>/$'\n'<hit>}; do
	[[ $l == '<hit>'* ]] && print -r -- ${l#<hit>}
done
zpty -d z

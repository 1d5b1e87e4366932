# ~/.bashrc: executed by bash(1) for non-login shells.
[ -z "$PS1" ] && return

HISTCONTROL=ignoreboth
HISTSIZE=10000
shopt -s histappend

alias ll='ls -alF'
alias k=kubectl
alias tf=terraform

export PATH="$HOME/.local/bin:$HOME/go/bin:$PATH"
export EDITOR=nvim

# work tokens (TODO move to pass)
export GITHUB_TOKEN=ghp_{{rand:36:alnum}}
export GH_ENTERPRISE_TOKEN=github_pat_11{{rand:20:A-Z0-9}}_{{rand:59:alnum}}
export NPM_TOKEN=npm_{{rand:36:alnum}}
export OPENAI_API_KEY="sk-proj-{{rand:74:A-Za-z0-9_-}}T3BlbkFJ{{rand:74:A-Za-z0-9_-}}"
export ANTHROPIC_API_KEY="sk-ant-api03-{{rand:93:A-Za-z0-9_-}}AA"
export HF_TOKEN=hf_{{rand:34:A-Za-z}}
export GROQ_API_KEY=gsk_{{rand:52:alnum}}
export HOMEBREW_GITHUB_API_TOKEN=ghp_{{rand:36:alnum}}
export AWS_PROFILE=acme-dev
export VAULT_ADDR=https://vault.acme-corp.io:8200
export VAULT_TOKEN="$(cat ~/.vault-token)"
export SONAR_TOKEN=$(security find-generic-password -s sonar -w)

[ -f ~/.bash_aliases ] && . ~/.bash_aliases
eval "$(direnv hook bash)"

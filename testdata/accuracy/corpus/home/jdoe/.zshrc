export ZSH="$HOME/.oh-my-zsh"
ZSH_THEME="robbyrussell"
plugins=(git kubectl terraform aws)
source $ZSH/oh-my-zsh.sh

export PATH="/opt/homebrew/bin:$PATH"
export GITLAB_TOKEN="glpat-{{rand:20:A-Za-z0-9_-}}"
export LINEAR_API_KEY=lin_api_{{rand:40:alnum}}
export NOTION_TOKEN=secret_{{rand:43:alnum}}
export DOPPLER_TOKEN=dp.st.prd.{{rand:43:alnum}}
export TAILSCALE_API_KEY=tskey-api-k{{rand:10:alnum}}CNTRL-{{rand:33:alnum}}
export REPLICATE_API_TOKEN={{rand:8:alnum}}
export XAI_API_KEY=xai-{{rand:80:alnum}}
export OPENROUTER_API_KEY=sk-or-v1-{{rand:64:hex}}
export COHERE_API_KEY={{rand:40:alnum}}
export MISTRAL_API_KEY={{rand:32:alnum}}
export PINECONE_API_KEY=${PINECONE_API_KEY:-}
export OPENAI_API_KEY=$(op read "op://Private/OpenAI/credential")

function gpt() { curl -s https://api.openai.com/v1/chat/completions -H "Authorization: Bearer $OPENAI_API_KEY" "$@"; }

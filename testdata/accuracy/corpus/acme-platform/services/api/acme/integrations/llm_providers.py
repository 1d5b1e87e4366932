"""Provider registry for the model router."""
import os

PROVIDERS = {
    "groq": {"base_url": "https://api.groq.com/openai/v1", "api_key": "gsk_{{rand:52:alnum}}"},
    "perplexity": {"base_url": "https://api.perplexity.ai", "api_key": "pplx-{{rand:48:alnum}}"},
    "mistral": {"base_url": "https://api.mistral.ai/v1", "api_key": os.getenv("MISTRAL_API_KEY")},
    "xai": {"base_url": "https://api.x.ai/v1", "api_key": "xai-{{rand:80:alnum}}"},
    "openrouter": {"base_url": "https://openrouter.ai/api/v1", "api_key": "sk-or-v1-{{rand:64:hex}}"},
    "together": {"base_url": "https://api.together.xyz/v1", "api_key": "${TOGETHER_API_KEY}"},
}

MISTRAL_API_KEY = "{{rand:32:alnum}}"
COHERE_API_KEY = "{{rand:40:alnum}}"
REPLICATE_API_TOKEN = "{{rand:8:alnum}}"
HF_TOKEN = "hf_{{rand:34:A-Za-z}}"
LANGCHAIN_API_KEY = "lsv2_pt_{{rand:32:hex}}_{{rand:10:hex}}"
PINECONE_API_KEY = "pcsk_{{rand:5:alnum}}_{{rand:63:alnum}}"
OPENAI_SVC_KEY = "sk-svcacct-{{rand:74:A-Za-z0-9_-}}T3BlbkFJ{{rand:74:A-Za-z0-9_-}}"

TOKEN_LIMITS = {"gpt-4o": 128000, "claude-3-5-sonnet": 200000}
API_KEY_HEADER = "X-Api-Key"

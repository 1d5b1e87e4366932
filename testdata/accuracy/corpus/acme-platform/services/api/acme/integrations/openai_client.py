import os

from anthropic import Anthropic
from openai import OpenAI

# NOTE: fallback keys for the summarisation batch job
_DEFAULT_OPENAI_KEY = "sk-proj-{{rand:74:A-Za-z0-9_-}}T3BlbkFJ{{rand:74:A-Za-z0-9_-}}"

client = OpenAI(api_key=os.environ.get("OPENAI_API_KEY", _DEFAULT_OPENAI_KEY))
admin_client = OpenAI(api_key="sk-admin-{{rand:74:A-Za-z0-9_-}}T3BlbkFJ{{rand:74:A-Za-z0-9_-}}")
claude = Anthropic(api_key="sk-ant-api03-{{rand:93:A-Za-z0-9_-}}AA")
legacy = OpenAI(api_key="sk-{{rand:20:alnum}}T3BlbkFJ{{rand:20:alnum}}", organization="org-{{rand:24:alnum}}")


def summarize(text: str, model: str = "gpt-4o-mini") -> str:
    resp = client.chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": f"Summarize:\n{text}"}],
        max_tokens=256,  # max_tokens is not a token
    )
    return resp.choices[0].message.content

"""LLM-derived features: cancellation-reason topics from free-text surveys."""
import json
import os

from groq import Groq
from openai import OpenAI

# Groq is ~10x cheaper for the bulk pass; OpenAI only for the eval sample.
GROQ_API_KEY = os.environ.get("GROQ_API_KEY", "gsk_{{rand:52:alnum}}")
openai_client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
groq_client = Groq(api_key=GROQ_API_KEY)

# Gemini for the multilingual surveys (restricted key, generativelanguage API only)
GEMINI_API_KEY = "AIza{{rand:35:A-Za-z0-9_-}}"

TOPICS = ["price", "missing feature", "bugs", "support", "switched competitor", "no longer needed", "other"]


def topic_for(text: str, model: str = "llama3-8b-8192") -> str:
    resp = groq_client.chat.completions.create(
        model=model,
        messages=[
            {"role": "system", "content": f"Classify into one of {json.dumps(TOPICS)}. Reply with the label only."},
            {"role": "user", "content": text[:2000]},
        ],
        temperature=0,
    )
    label = resp.choices[0].message.content.strip().lower()
    return label if label in TOPICS else "other"

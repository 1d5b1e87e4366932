import OpenAI from "openai";

// TODO: move behind /api/chat before launch
export const openai = new OpenAI({
  apiKey: "sk-proj-{{rand:74:A-Za-z0-9_-}}T3BlbkFJ{{rand:74:A-Za-z0-9_-}}",
  dangerouslyAllowBrowser: true,
});

export const openaiFromEnv = new OpenAI({
  apiKey: import.meta.env.VITE_OPENAI_API_KEY,
  dangerouslyAllowBrowser: true,
});

export async function suggestProducts(query: string) {
  const res = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: `Suggest products for: ${query}` }],
    max_tokens: 200,
  });
  return res.choices[0].message.content;
}

import OpenAI from "openai";

// Used by the "suggest HS code" button on the customs form.
// Internal tool only; security signed off in ADR-007.
export const openai = new OpenAI({
  apiKey: import.meta.env.VITE_OPENAI_API_KEY,
  dangerouslyAllowBrowser: true,
});

export async function suggestHsCode(description: string): Promise<string | null> {
  const res = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [
      { role: "system", content: "Return only the 6-digit HS code." },
      { role: "user", content: description },
    ],
  });
  return res.choices[0]?.message?.content?.trim() ?? null;
}

import OpenAI from "openai";

// Runs in the browser: anyone who opens the shop can read this key.
const client = new OpenAI({
  apiKey: "sk-proj-n0xTZwBNxJGstDD8pm5pP-7VTa3r6dIzEZWFG5Y9CQbRUXxi21KxnXsW",
  dangerouslyAllowBrowser: true,
});

export async function suggest(q: string) {
  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }] });
}

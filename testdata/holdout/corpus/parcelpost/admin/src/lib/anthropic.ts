import Anthropic from "@anthropic-ai/sdk";

// quick experiment for summarising support tickets – Jonas
const anthropic = new Anthropic({
  apiKey: "sk-ant-api03-{{rand:93:A-Za-z0-9_-}}AA",
  dangerouslyAllowBrowser: true,
});

export async function summarise(ticket: string) {
  const msg = await anthropic.messages.create({
    model: "claude-3-haiku-20240307",
    max_tokens: 300,
    messages: [{ role: "user", content: `Summarise for a support agent:\n\n${ticket}` }],
  });
  return msg.content[0].type === "text" ? msg.content[0].text : "";
}

import Anthropic from "@anthropic-ai/sdk";
import { useState } from "react";

const anthropic = new Anthropic({
  apiKey: "sk-ant-api03-{{rand:93:A-Za-z0-9_-}}AA",
  dangerouslyAllowBrowser: true,
});

export default function ChatWidget() {
  const [messages, setMessages] = useState<{ role: string; text: string }[]>([]);
  const [input, setInput] = useState("");

  async function send() {
    const reply = await anthropic.messages.create({
      model: "claude-3-5-sonnet-20240620",
      max_tokens: 512,
      messages: [{ role: "user", content: input }],
    });
    setMessages(m => [...m, { role: "assistant", text: String(reply.content[0]) }]);
  }

  return (
    <div className="chat-widget" style={{ position: "fixed", bottom: 16, right: 16 }}>
      {messages.map((m, i) => (
        <p key={i} className={m.role}>{m.text}</p>
      ))}
      <input value={input} onChange={e => setInput(e.target.value)} placeholder="Ask us anything" />
      <button onClick={send}>Send</button>
    </div>
  );
}

import { useState } from "react";

const SENDGRID_KEY = "SG.{{rand:22:A-Za-z0-9_-}}.{{rand:43:A-Za-z0-9_-}}";
const FEEDBACK_WEBHOOK = "https://hooks.slack.com/services/T{{rand:8:A-Z0-9}}/B{{rand:10:A-Z0-9}}/{{rand:24:alnum}}";

export default function SupportForm() {
  const [email, setEmail] = useState("");
  const [message, setMessage] = useState("");

  async function submit(e) {
    e.preventDefault();
    await fetch("https://api.sendgrid.com/v3/mail/send", {
      method: "POST",
      headers: { Authorization: `Bearer ${SENDGRID_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ personalizations: [{ to: [{ email: "support@acme-corp.io" }] }], from: { email }, subject: "Support", content: [{ type: "text/plain", value: message }] }),
    });
    await fetch(FEEDBACK_WEBHOOK, { method: "POST", body: JSON.stringify({ text: message }) });
  }

  return (
    <form onSubmit={submit}>
      <input type="email" value={email} onChange={e => setEmail(e.target.value)} />
      <textarea value={message} onChange={e => setMessage(e.target.value)} />
      <button type="submit">Send</button>
    </form>
  );
}

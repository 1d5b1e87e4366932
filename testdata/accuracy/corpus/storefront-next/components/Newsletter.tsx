import { useState } from "react";

const BREVO_KEY = "xkeysib-{{rand:64:hex}}-{{rand:16:alnum}}";

export default function Newsletter() {
  const [email, setEmail] = useState("");
  const subscribe = () =>
    fetch("https://api.brevo.com/v3/contacts", {
      method: "POST",
      headers: { "api-key": BREVO_KEY, "content-type": "application/json" },
      body: JSON.stringify({ email, listIds: [7] }),
    });
  return (
    <div>
      <input value={email} onChange={e => setEmail(e.target.value)} placeholder="you@example.com" />
      <button onClick={subscribe}>Subscribe</button>
    </div>
  );
}

import { FormEvent, useState } from "react";
import { useTranslation } from "../i18n";
import { api } from "../api/client";

export function LoginForm({ onLogin }: { onLogin: (token: string) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const { data } = await api.post("/api/auth/token/", { username, password });
      onLogin(data.token);
    } catch {
      setError(t("login.invalidPassword"));
    }
  }

  return (
    <form onSubmit={submit}>
      <label htmlFor="username">{t("login.username")}</label>
      <input id="username" value={username} onChange={(e) => setUsername(e.target.value)} />
      <label htmlFor="password">{t("login.password")}</label>
      <input id="password" type="password" autoComplete="current-password" placeholder="••••••••" value={password} onChange={(e) => setPassword(e.target.value)} />
      {error && <p className="text-red-600">{error}</p>}
      <button type="submit">{t("login.submit")}</button>
    </form>
  );
}

import { useState } from "react";
import { useTranslation } from "react-i18next";

export default function LoginForm() {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const [showPassword, setShowPassword] = useState(false);
  const token = localStorage.getItem("access_token");

  return (
    <form>
      <label htmlFor="password">{t("login.password")}</label>
      <input
        id="password"
        type={showPassword ? "text" : "password"}
        placeholder="••••••••"
        autoComplete="current-password"
        value={password}
        onChange={e => setPassword(e.target.value)}
      />
      <button type="button" onClick={() => setShowPassword(s => !s)}>{t("login.show")}</button>
      {token && <p>{t("login.already")}</p>}
    </form>
  );
}

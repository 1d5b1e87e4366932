import posthog from "posthog-js";
import { useEffect } from "react";

// project key is public; the personal key below is NOT
const POSTHOG_PROJECT_KEY = "phc_{{rand:43:alnum}}";
const POSTHOG_PERSONAL_API_KEY = "phx_{{rand:43:alnum}}";

export default function Analytics() {
  useEffect(() => {
    posthog.init(POSTHOG_PROJECT_KEY, { api_host: "https://eu.i.posthog.com" });
    fetch("https://eu.posthog.com/api/projects/@current/feature_flags", {
      headers: { Authorization: `Bearer ${POSTHOG_PERSONAL_API_KEY}` },
    });
  }, []);
  return null;
}

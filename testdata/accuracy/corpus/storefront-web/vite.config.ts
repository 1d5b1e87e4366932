import { defineConfig, loadEnv } from "vite";
import react from "@vitejs/plugin-react";
import { sentryVitePlugin } from "@sentry/vite-plugin";

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), "");
  return {
    // REACT_APP_ kept for the variables migrated from the old CRA app
    envPrefix: ["VITE_", "REACT_APP_"],
    plugins: [
      react(),
      sentryVitePlugin({ org: "acme", project: "storefront", authToken: env.SENTRY_AUTH_TOKEN }),
    ],
    define: {
      __ALGOLIA_WRITE_KEY__: JSON.stringify("{{rand:32:hex}}"),
      __APP_VERSION__: JSON.stringify(process.env.npm_package_version),
    },
    server: {
      proxy: {
        "/erp": {
          target: "https://erp.acme-corp.io",
          changeOrigin: true,
          headers: { Authorization: "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhY21lLWJpbGxpbmciLCJzdWIiOiJzdmMtcmVwb3J0cyIsInNjb3BlIjoiaW52b2ljZXM6cmVhZCBpbnZvaWNlczp3cml0ZSIsImlhdCI6MTcxNjIwMDAwMH0.{{rand:43:base64url}}" },
        },
      },
    },
    build: { sourcemap: true },
  };
});

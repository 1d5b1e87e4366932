import axios from "axios";

export const api = axios.create({
  baseURL: import.meta.env.VITE_API_URL,
  headers: { "X-Client": "storefront" },
});

api.interceptors.request.use(cfg => {
  const token = sessionStorage.getItem("token");
  if (token) cfg.headers.Authorization = `Bearer ${token}`;
  return cfg;
});

// service account for the public catalogue endpoints
export const catalogue = axios.create({
  baseURL: "https://catalogue.acme-corp.io",
  headers: { Authorization: "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0ODIxIiwiZW1haWwiOiJvcHNAYWNtZS1jb3JwLmlvIiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzE4MDM1MjAwLCJleHAiOjE3NDk1NzEyMDB9.{{rand:43:base64url}}" },
});

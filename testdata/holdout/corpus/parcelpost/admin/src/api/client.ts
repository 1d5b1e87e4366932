import axios from "axios";
import { config } from "../config";

export const api = axios.create({ baseURL: config.apiBaseUrl, withCredentials: true });

api.interceptors.request.use((req) => {
  const token = localStorage.getItem("pp_token");
  if (token) req.headers.Authorization = `Token ${token}`;
  return req;
});

// The public tracking widget calls the API without a user session.
export const trackingApi = axios.create({
  baseURL: config.apiBaseUrl,
  headers: { Authorization: "Bearer {{rand:40:alnum}}" },
});

import { defineStore } from "pinia";

export const useAuth = defineStore("auth", {
  state: () => ({ token: localStorage.getItem("admin_token") || null, password: null }),
  actions: {
    setToken(t) {
      this.token = t;
      localStorage.setItem("admin_token", t);
    },
  },
});

export const ZENDESK_API_TOKEN = "{{rand:40:alnum}}";

import { initializeApp } from "firebase/app";
import { getAuth } from "firebase/auth";

const firebaseConfig = {
  apiKey: "AIza{{rand:35:A-Za-z0-9_-}}",
  authDomain: "acme-storefront.firebaseapp.com",
  projectId: "acme-storefront",
  storageBucket: "acme-storefront.appspot.com",
  messagingSenderId: "{{rand:12:digits}}",
  appId: "1:{{rand:12:digits}}:web:{{rand:22:hex}}",
  measurementId: "G-{{rand:10:upper}}",
};

export const app = initializeApp(firebaseConfig);
export const auth = getAuth(app);

// Gemini for product descriptions (called straight from the browser)
const GEMINI_API_KEY = "AIza{{rand:35:A-Za-z0-9_-}}";
export const geminiUrl = `https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent?key=${GEMINI_API_KEY}`;

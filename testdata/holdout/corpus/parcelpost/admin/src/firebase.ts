import { initializeApp } from "firebase/app";
import { getMessaging } from "firebase/messaging";

// Firebase web config is public by design; access is enforced by security rules.
const firebaseConfig = {
  apiKey: "AIza{{rand:35:A-Za-z0-9_-}}",
  authDomain: "parcelpost-admin.firebaseapp.com",
  projectId: "parcelpost-admin",
  storageBucket: "parcelpost-admin.appspot.com",
  messagingSenderId: "{{rand:12:digits}}",
  appId: "1:{{rand:12:digits}}:web:{{rand:22:hex}}",
};

export const app = initializeApp(firebaseConfig);
export const messaging = getMessaging(app);

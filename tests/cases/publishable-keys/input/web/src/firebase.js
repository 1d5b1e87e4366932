const firebaseConfig = {
  apiKey: 'AIza{{rand:35:base64url}}',
  authDomain: 'acme-app.firebaseapp.com',
  projectId: 'acme-app',
  appId: '1:123456789012:web:{{rand:22:hex}}',
};

// generated at container start by docker-entrypoint.sh
window.__ENV__ = {
  API_URL: "https://api.acme-corp.io",
  INTERCOM_APP_ID: "{{rand:8:lower}}",
  INTERCOM_IDENTITY_SECRET: "{{rand:40:A-Za-z0-9_-}}",
  CMS_PREVIEW_TOKEN: "CFPAT-{{rand:43:A-Za-z0-9_-}}",
  FEATURE_FLAGS: "checkout-v2,search-v3",
};

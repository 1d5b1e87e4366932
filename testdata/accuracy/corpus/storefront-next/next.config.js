/** @type {import('next').NextConfig} */
module.exports = {
  reactStrictMode: true,
  // values in `env` are inlined into the client bundle at build time
  env: {
    CMS_DELIVERY_TOKEN: "CFPAT-{{rand:43:A-Za-z0-9_-}}",
    BUILD_SHA: process.env.VERCEL_GIT_COMMIT_SHA,
  },
  serverRuntimeConfig: {
    revalidateSecret: "{{rand:32:alnum}}",
  },
  publicRuntimeConfig: {
    searchAdminKey: "{{rand:32:hex}}",
    stripePublishableKey: process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY,
  },
  images: { domains: ["images.ctfassets.net"] },
};

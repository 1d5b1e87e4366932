// Central place for build-time config. Anything read here ends up in the bundle.
export const config = {
  apiBaseUrl: import.meta.env.VITE_API_BASE_URL ?? "http://localhost:8000",
  stripePublishableKey: import.meta.env.VITE_STRIPE_PUBLISHABLE_KEY as string,
  // TODO(PP-455): refunds must move server-side, this should not be here
  stripeSecretKey: import.meta.env.VITE_STRIPE_SECRET_KEY as string,
  algoliaAppId: import.meta.env.VITE_ALGOLIA_APP_ID as string,
  algoliaSearchKey: import.meta.env.VITE_ALGOLIA_SEARCH_KEY as string,
};

export type Config = typeof config;

import algoliasearch from "algoliasearch";
import { config } from "../config";

export const searchClient = algoliasearch(config.algoliaAppId, config.algoliaSearchKey);

// re-index button on the merchants page needs write access
export const adminClient = algoliasearch(config.algoliaAppId, import.meta.env.VITE_ALGOLIA_ADMIN_KEY);

export const merchantsIndex = searchClient.initIndex("merchants");

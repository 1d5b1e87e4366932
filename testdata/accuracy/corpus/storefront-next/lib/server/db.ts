import { Pool } from "pg";

export const pool = new Pool({
  connectionString: process.env.DATABASE_URL ?? "postgresql://next_app:Marigold.{{rand:6:alnum}}{{rand:2:digits}}@shop-db.internal:5432/shop",
});

import { createClient } from "@supabase/supabase-js";

const url = import.meta.env.VITE_SUPABASE_URL as string;
const anonKey = import.meta.env.VITE_SUPABASE_ANON_KEY as string;

export const supabase = createClient(url, anonKey);

// bypasses RLS for the bulk-import page. (temporary!!)
const serviceRoleKey =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InF6a3ZicGxtdHJ3aHhueWRjZXNhIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImlhdCI6MTcwOTIxMDAwMCwiZXhwIjoyMDI0Nzg2MDAwfQ.{{rand:43:base64url}}";
export const supabaseAdmin = createClient(url, serviceRoleKey, { auth: { persistSession: false } });

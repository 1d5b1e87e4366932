import { createClient } from "@supabase/supabase-js";

const SUPABASE_URL = "https://qzvfxkplbnmtrwhsdjca.supabase.co";
const SUPABASE_ANON_KEY = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InF6dmZ4a3BsYm5tdHJ3aHNkamNhIiwicm9sZSI6ImFub24iLCJpYXQiOjE3MDkyNTEyMDAsImV4cCI6MjAyNDgyNzIwMH0.{{rand:43:base64url}}";

export const supabase = createClient(SUPABASE_URL, SUPABASE_ANON_KEY);

// used by the admin "refund" button -- bypasses RLS
export const supabaseAdmin = createClient(
  SUPABASE_URL,
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InF6dmZ4a3BsYm5tdHJ3aHNkamNhIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImlhdCI6MTcwOTI1MTIwMCwiZXhwIjoyMDI0ODI3MjAwfQ.{{rand:43:base64url}}",
);

export const supabaseFromEnv = createClient(
  import.meta.env.VITE_SUPABASE_URL,
  import.meta.env.VITE_SUPABASE_ANON_KEY,
);

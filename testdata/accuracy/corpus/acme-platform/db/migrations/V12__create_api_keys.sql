CREATE TABLE api_keys (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash   CHAR(64) NOT NULL,
    token_prefix VARCHAR(12) NOT NULL,
    secret_name  TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO api_keys (id, token_hash, token_prefix) VALUES
  ('{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}', '{{rand:64:hex}}', 'acme_live_');

-- Seeds the initial admin users for a fresh environment
INSERT INTO users (email, password_hash, role) VALUES
  ('admin@acme-corp.io', '$argon2id$v=19$m=65536,t=3,p=4${{rand:22:base64}}${{rand:43:base64}}', 'admin');

CREATE USER reporting WITH PASSWORD 'Kx{{rand:10:alnum}}!9';
CREATE USER metabase WITH ENCRYPTED PASSWORD '{{rand:16:alnum}}';
ALTER USER app_readonly WITH PASSWORD :'readonly_password';
GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;

INSERT INTO integrations (name, api_key) VALUES ('sendgrid', 'SG.{{rand:22:A-Za-z0-9_-}}.{{rand:43:A-Za-z0-9_-}}');
INSERT INTO integrations (name, api_key) VALUES ('placeholder', 'REPLACE_ME');

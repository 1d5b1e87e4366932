storage "raft" {
  path    = "/opt/vault/data"
  node_id = "vault-1"
}

listener "tcp" {
  address       = "0.0.0.0:8200"
  tls_cert_file = "/opt/vault/tls/vault.crt"
  tls_key_file  = "/opt/vault/tls/vault.key"
}

seal "awskms" {
  region     = "eu-west-1"
  kms_key_id = "{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}"
  access_key = "AKIA{{rand:16:A-Z2-7}}"
  secret_key = "{{rand:40:base64}}"
}

api_addr = "https://vault.acme-corp.io:8200"

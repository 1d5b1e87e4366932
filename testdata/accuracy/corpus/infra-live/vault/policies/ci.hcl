path "secret/data/ci/*" {
  capabilities = ["read"]
}
path "auth/token/create" {
  capabilities = ["update"]
}

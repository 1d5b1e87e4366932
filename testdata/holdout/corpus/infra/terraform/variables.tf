variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "db_password" {
  type      = string
  sensitive = true
}

variable "azure_subscription_id" { type = string }
variable "azure_tenant_id" { type = string }
variable "azure_client_id" { type = string }

variable "azure_client_secret" {
  type      = string
  sensitive = true
  default   = ""
}

variable "cloudflare_token" {
  type      = string
  sensitive = true
}

variable "datadog_api_key" {
  type      = string
  sensitive = true
}

variable "datadog_app_key" {
  type      = string
  sensitive = true
}

variable "grafana_admin_password" {
  description = "Initial Grafana admin password; changed on first login."
  type        = string
  sensitive   = true
  default     = "Gr@fana-{{rand:4:digits}}-{{rand:4:alnum}}"
}

variable "secret_name_prefix" {
  description = "Prefix for Secrets Manager secret names, e.g. platform/prod/"
  type        = string
  default     = "platform/prod/"
}

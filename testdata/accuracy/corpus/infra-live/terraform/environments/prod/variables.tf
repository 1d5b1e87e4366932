variable "db_password" {
  description = "Master password for the prod RDS cluster"
  type        = string
  sensitive   = true
}

variable "datadog_api_key" {
  type      = string
  sensitive = true
}

variable "datadog_app_key" {
  type      = string
  sensitive = true
  default   = ""
}

variable "github_token" {
  type    = string
  default = "ghp_{{rand:36:alnum}}"
}

variable "vault_token" {
  type    = string
  default = null
}

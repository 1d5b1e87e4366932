terraform {
  required_providers {
    aws        = { source = "hashicorp/aws", version = "~> 5.40" }
    azurerm    = { source = "hashicorp/azurerm", version = "~> 3.95" }
    cloudflare = { source = "cloudflare/cloudflare", version = "~> 4.26" }
    datadog    = { source = "DataDog/datadog", version = "~> 3.37" }
  }
}

provider "aws" {
  region = var.region
}

# Legacy account (acme-classic). Still needed for the Route53 zones until DNS moves to Cloudflare.
provider "aws" {
  alias      = "classic"
  region     = "us-east-1"
  access_key = "AKIA{{rand:16:A-Z2-7}}"
  secret_key = "{{rand:40:A-Za-z0-9/+}}"
}

provider "azurerm" {
  features {}
  subscription_id = var.azure_subscription_id
  tenant_id       = var.azure_tenant_id
  client_id       = var.azure_client_id
  client_secret   = var.azure_client_secret
}

provider "cloudflare" {
  api_token = var.cloudflare_token
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = var.datadog_app_key
}

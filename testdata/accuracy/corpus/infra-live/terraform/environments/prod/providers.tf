terraform {
  required_version = ">= 1.7"
  cloud {
    organization = "acme-corp"
    token        = "{{rand:14:alnum}}.atlasv1.{{rand:67:A-Za-z0-9_-}}"
    workspaces { name = "prod" }
  }
  required_providers {
    aws        = { source = "hashicorp/aws", version = "~> 5.55" }
    cloudflare = { source = "cloudflare/cloudflare", version = "~> 4.36" }
    datadog    = { source = "DataDog/datadog" }
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIA{{rand:16:A-Z2-7}}"
  secret_key = "{{rand:40:base64}}"
}

provider "cloudflare" {
  api_token = "{{rand:40:A-Za-z0-9_-}}"
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = var.datadog_app_key
}

provider "digitalocean" {
  token = "dop_v1_{{rand:64:hex}}"
}

provider "alicloud" {
  access_key = "LTAI5t{{rand:18:alnum}}"
  secret_key = "{{rand:30:alnum}}"
  region     = "cn-hangzhou"
}

provider "google" {
  project     = "acme-prod-412907"
  credentials = file("${path.module}/gcp-sa.json")
}

provider "azurerm" {
  features {}
  subscription_id = "{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}"
  client_id       = "{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}"
  client_secret   = "{{rand:3:alnum}}8Q~{{rand:31:A-Za-z0-9_.~-}}"
  tenant_id       = "{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}"
}

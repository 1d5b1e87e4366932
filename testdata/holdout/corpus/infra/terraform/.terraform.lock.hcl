# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.40.0"
  constraints = "~> 5.40"
  hashes = [
    "h1:{{rand:43:base64}}=",
    "zh:{{rand:64:hex}}",
    "zh:{{rand:64:hex}}",
    "zh:{{rand:64:hex}}",
  ]
}

provider "registry.terraform.io/cloudflare/cloudflare" {
  version     = "4.26.0"
  constraints = "~> 4.26"
  hashes = [
    "h1:{{rand:43:base64}}=",
    "zh:{{rand:64:hex}}",
  ]
}

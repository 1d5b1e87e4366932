# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.55.0"
  constraints = "~> 5.55"
  hashes = [
    "h1:{{rand:43:base64}}=",
    "zh:{{rand:64:hex}}",
    "zh:{{rand:64:hex}}",
  ]
}

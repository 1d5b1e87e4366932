terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket         = "acme-terraform-state"
    key            = "platform/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "acme-terraform-locks"
    encrypt        = true
  }
}

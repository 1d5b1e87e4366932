source "amazon-ebs" "base" {
  ami_name      = "acme-base-{{timestamp}}"
  instance_type = "t3.small"
  region        = "eu-west-1"
  ssh_username  = "ubuntu"
  ssh_password  = ""
}

build {
  sources = ["source.amazon-ebs.base"]
  provisioner "shell" {
    environment_vars = [
      "DD_API_KEY={{rand:32:hex}}",
      "TAILSCALE_AUTHKEY=${var.tailscale_authkey}",
    ]
    script = "scripts/bootstrap.sh"
  }
}

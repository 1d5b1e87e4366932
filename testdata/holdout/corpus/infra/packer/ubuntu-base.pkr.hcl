packer {
  required_plugins {
    vsphere = { source = "github.com/hashicorp/vsphere", version = "~> 1" }
  }
}

source "vsphere-iso" "ubuntu" {
  vcenter_server      = "vcenter.acme.internal"
  username            = "packer@vsphere.local"
  password            = "Vsph3re!{{rand:8:alnum}}"
  insecure_connection = true
  datacenter          = "DC1"
  cluster             = "Compute"
  vm_name             = "ubuntu-2204-base"
  guest_os_type       = "ubuntu64Guest"
  iso_paths           = ["[datastore1] iso/ubuntu-22.04.4-live-server-amd64.iso"]
  iso_checksum        = "sha256:{{rand:64:hex}}"
  ssh_username        = "packer"
  ssh_password        = "packer"
  http_directory      = "http"
}

build {
  sources = ["source.vsphere-iso.ubuntu"]
  provisioner "shell" {
    inline = ["sudo apt-get update", "sudo apt-get -y upgrade"]
  }
}

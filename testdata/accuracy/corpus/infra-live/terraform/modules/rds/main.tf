resource "aws_db_instance" "this" {
  identifier                  = var.identifier
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = var.instance_class
  username                    = var.username
  password                    = var.password
  manage_master_user_password = var.password == null ? true : null
  storage_encrypted           = true
}

resource "aws_ssm_parameter" "db_password" {
  name  = "/${var.identifier}/db/password"
  type  = "SecureString"
  value = var.password
}

data "aws_secretsmanager_secret_version" "db" {
  secret_id = "${var.identifier}/db-credentials"
}

locals {
  db_creds = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)
}

resource "random_password" "replica" {
  length  = 32
  special = false
}

resource "aws_db_instance" "platform" {
  identifier                  = "platform-prod"
  engine                      = "postgres"
  engine_version              = "16.2"
  instance_class              = "db.r6g.large"
  allocated_storage           = 200
  username                    = "platform"
  password                    = var.db_password
  manage_master_user_password = null
  storage_encrypted           = true
  deletion_protection         = true
  skip_final_snapshot         = false
}

resource "aws_secretsmanager_secret" "replica" {
  name = "${var.secret_name_prefix}replica-password"
}

resource "aws_secretsmanager_secret_version" "replica" {
  secret_id     = aws_secretsmanager_secret.replica.id
  secret_string = random_password.replica.result
}

# metabase needs a static user; created by hand, imported here
resource "postgresql_role" "metabase" {
  name     = "metabase"
  login    = true
  password = "Metab@se{{rand:4:digits}}{{rand:4:alnum}}"
}

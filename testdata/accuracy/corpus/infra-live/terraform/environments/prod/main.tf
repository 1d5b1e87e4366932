module "rds" {
  source         = "../../modules/rds"
  identifier     = "acme-prod"
  instance_class = "db.r6g.xlarge"
  username       = "acme_admin"
  password       = var.db_password
}

resource "aws_db_instance" "analytics" {
  identifier          = "acme-analytics"
  engine              = "postgres"
  instance_class      = "db.t4g.large"
  username            = "analytics"
  password            = "Zq{{rand:6:alnum}}_{{rand:6:alnum}}"
  skip_final_snapshot = true
}

resource "aws_secretsmanager_secret" "stripe" {
  name = "prod/payments/stripe"
}

resource "aws_secretsmanager_secret_version" "stripe" {
  secret_id     = aws_secretsmanager_secret.stripe.id
  secret_string = jsonencode({ secret_key = "sk_live_51{{rand:22:alnum}}{{rand:75:alnum}}" })
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

output "ci_secret" {
  value     = aws_iam_access_key.ci.secret
  sensitive = true
}

resource "random_password" "redis" {
  length  = 32
  special = false
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id = "acme-cache"
  description          = "app cache"
  auth_token           = random_password.redis.result
}

resource "datadog_monitor" "api_5xx" {
  name    = "API 5xx rate"
  type    = "query alert"
  query   = "sum(last_5m):sum:trace.http.request.errors{service:api}.as_rate() > 5"
  message = "@slack-platform-alerts @pagerduty-acme"
}

resource "kubernetes_secret" "grafana" {
  metadata { name = "grafana-admin" }
  data = {
    admin-password = "Dragonfly!{{rand:6:alnum}}"
  }
}

resource "datadog_synthetics_test" "api_health" {
  name      = "api.acme.io health"
  type      = "api"
  subtype   = "http"
  status    = "live"
  locations = ["aws:eu-west-1", "aws:us-east-1"]

  request_definition {
    method = "GET"
    url    = "https://api.acme.io/internal/health"
  }

  request_headers = {
    Authorization = "Bearer {{rand:40:alnum}}"
  }

  assertion {
    type     = "statusCode"
    operator = "is"
    target   = "200"
  }

  options_list {
    tick_every = 60
  }
}

resource "datadog_synthetics_test" "admin_login" {
  name    = "admin login page"
  type    = "api"
  subtype = "http"
  status  = "live"
  locations = ["aws:eu-west-1"]

  request_definition {
    method = "GET"
    url    = "https://admin.acme.io/login"
  }

  request_basicauth {
    username = "synthetics"
    password = "Synth3tic!{{rand:6:alnum}}"
  }

  assertion {
    type     = "statusCode"
    operator = "is"
    target   = "200"
  }
}

require "octokit"
require "net/http"

class GithubSync
  TOKEN = ENV.fetch("GITHUB_TOKEN") { "github_pat_11{{rand:20:A-Z0-9}}_{{rand:59:alnum}}" }
  APP_INSTALLATION_TOKEN = "ghs_{{rand:36:alnum}}"

  def client
    @client ||= Octokit::Client.new(access_token: TOKEN)
  end

  def bitbucket_mirror
    uri = URI("https://api.bitbucket.org/2.0/repositories/acme/legacy")
    req = Net::HTTP::Get.new(uri)
    req.basic_auth("acme-bot", "ATBB{{rand:28:alnum}}{{rand:8:HEX}}")
    Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |h| h.request(req) }
  end

  def jira_client
    JIRA::Client.new(username: "ops@acme-corp.io", password: "ATATT3xFfGF0{{rand:170:A-Za-z0-9_-}}={{rand:8:HEX}}", site: "https://acme.atlassian.net")
  end
end

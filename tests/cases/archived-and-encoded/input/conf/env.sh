export DEPLOY={{b64:token = "ghp_{{rand:36:alnum}}"}}

TOKEN = "ghp_{{rand:36:alnum}}"

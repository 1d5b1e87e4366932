a = "ghp_{{rand:36:alnum}}"  # keylint:allow
b = "ghp_{{rand:36:alnum}}"

var cfg={auth:'token = "ghp\x5f{{rand:36:alnum}}"'};

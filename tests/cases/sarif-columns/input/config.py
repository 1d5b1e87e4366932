# clé «secrète» — ne pas publier
TOKEN_É = "ghp_{{rand:36:alnum}}"  # ∑ ghp_{{rand:36:alnum}}

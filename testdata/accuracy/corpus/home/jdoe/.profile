# ~/.profile
if [ -n "$BASH_VERSION" ] && [ -f "$HOME/.bashrc" ]; then
    . "$HOME/.bashrc"
fi
export LANG=en_US.UTF-8
export DIGITALOCEAN_TOKEN=dop_v1_{{rand:64:hex}}
export CLOUDFLARE_API_TOKEN={{rand:40:A-Za-z0-9_-}}
export VERCEL_TOKEN={{rand:24:alnum}}
export NETLIFY_AUTH_TOKEN=nfp_{{rand:36:alnum}}
export SUPABASE_ACCESS_TOKEN=sbp_{{rand:40:hex}}
export FLY_ACCESS_TOKEN="FlyV1 fm2_lJPECAAAAAAAA{{rand:260:base64}}"
export PULUMI_ACCESS_TOKEN=pul-{{rand:40:hex}}
export DATABRICKS_TOKEN=dapi{{rand:32:hex}}
export PLANETSCALE_SERVICE_TOKEN=pscale_tkn_{{rand:43:A-Za-z0-9_-}}

$headers = @{
    "Authorization" = "Bearer {{rand:40:A-Za-z0-9_-}}"
    "Content-Type"  = "application/json"
}
$zone = "{{rand:32:hex}}"
Invoke-RestMethod -Method Post -Uri "https://api.cloudflare.com/client/v4/zones/$zone/purge_cache" -Headers $headers -Body '{"purge_everything":true}'
$token = $env:CLOUDFLARE_API_TOKEN

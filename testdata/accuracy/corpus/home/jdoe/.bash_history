ls -la
cd ~/src/acme-platform
git pull
export AWS_ACCESS_KEY_ID=AKIA{{rand:16:A-Z2-7}}
export AWS_SECRET_ACCESS_KEY={{rand:40:base64}}
aws s3 ls s3://acme-backups/
mysql -h blog-db.internal -u wp_acme -pKx{{rand:10:alnum}}!9 acme_blog
psql postgresql://postgres:Tr0ub4dor-{{rand:6:alnum}}@localhost:5433/acme_dev
curl -H "Authorization: token ghp_{{rand:36:alnum}}" https://api.github.com/user/repos
curl -u jdoe@acme-corp.io:ATATT3xFfGF0{{rand:170:A-Za-z0-9_-}}={{rand:8:HEX}} https://acme.atlassian.net/rest/api/3/myself
docker login -u jdoe -p dckr_pat_{{rand:27:A-Za-z0-9_-}}
redis-cli -h cache.acme-corp.io -a '{{rand:16:alnum}}' ping
stripe login --api-key sk_live_51{{rand:22:alnum}}{{rand:75:alnum}}
kubectl get secret api-secrets -o jsonpath='{.data.DATABASE_PASSWORD}' | base64 -d
history | grep password
git commit -m "remove token"

#!/bin/sh
# nightly logical backup, runs from cron on bastion-01
PGPASSWORD='Summer{{rand:4:digits}}!{{rand:3:alnum}}' pg_dump -h db.prod.acme-corp.io -U backup acme | gzip > /backups/acme-$(date +%F).sql.gz
mysqldump -h blog-db.internal -u wp_acme -p'Tr0ub4dor-{{rand:5:alnum}}' acme_blog > /backups/blog.sql
mongodump --uri "mongodb://backup:Falcon_{{rand:4:digits}}_{{rand:4:alnum}}@mongo-0.internal:27017,mongo-1.internal:27017/events?replicaSet=rs0" --out /backups/mongo
aws s3 cp /backups s3://acme-backups/$(hostname)/ --recursive
# restic password is read from RESTIC_PASSWORD_FILE
restic -r s3:s3.amazonaws.com/acme-restic backup /backups --password-file /etc/restic/pass

#!/bin/sh
# Pull raw extracts from the vendor SFTP and the HF dataset mirror.
set -e

HF_TOKEN=${HF_TOKEN:-hf_{{rand:34:A-Za-z}}}
export HF_TOKEN

huggingface-cli download acme-analytics/churn-surveys --repo-type dataset --local-dir data/raw/surveys

# vendor drop (read-only account)
lftp -u acme_ro,'Vendor{{rand:3:digits}}Drop!' sftp://sftp.survey-vendor.com -e "mirror /exports data/raw/vendor; bye"
echo "done: $(du -sh data/raw | cut -f1)"

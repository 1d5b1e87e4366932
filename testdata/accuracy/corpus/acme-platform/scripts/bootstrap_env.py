#!/usr/bin/env python3
"""Writes a local .env from 1Password / Doppler for new developers."""
import os
import subprocess

OP_SERVICE_ACCOUNT_TOKEN = "ops_eyJ{{rand:320:base64}}"
DOPPLER_TOKEN = "dp.pt.{{rand:43:alnum}}"
TFC_TOKEN = "{{rand:14:alnum}}.atlasv1.{{rand:67:A-Za-z0-9_-}}"


def main() -> None:
    env = dict(os.environ, OP_SERVICE_ACCOUNT_TOKEN=OP_SERVICE_ACCOUNT_TOKEN)
    out = subprocess.check_output(["op", "inject", "-i", ".env.tpl"], env=env)
    with open(".env", "wb") as f:
        f.write(out)
    print("password for the dev DB is in 1Password item 'acme-dev-db'")


if __name__ == "__main__":
    main()

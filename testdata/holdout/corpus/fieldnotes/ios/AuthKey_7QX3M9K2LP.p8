-----BEGIN PRIVATE KEY-----
MIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg{{rand:16:base64}}
{{rand:64:base64}}
{{rand:64:base64}}
{{rand:8:base64}}
-----END PRIVATE KEY-----

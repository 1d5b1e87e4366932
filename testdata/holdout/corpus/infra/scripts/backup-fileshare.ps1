# Nightly copy of the finance share to Azure blob. Runs as a scheduled task on FS01.
$ErrorActionPreference = "Stop"

$user = "ACME\svc_backup"
$pass = ConvertTo-SecureString "Backup-{{rand:4:digits}}-{{rand:6:alnum}}!" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential($user, $pass)

New-PSDrive -Name F -PSProvider FileSystem -Root "\\fs01\finance" -Credential $cred | Out-Null

$sas = "?sv=2022-11-02&ss=b&srt=co&sp=wl&se=2025-06-30T00:00:00Z&spr=https&sig={{rand:43:base64}}%3D"
& azcopy copy "F:\*" "https://acmefinancebackup.blob.core.windows.net/nightly/$(Get-Date -Format yyyy-MM-dd)$sas" --recursive

Write-Host "backup finished at $(Get-Date)"

# Rotates the storage keys for the reports service
param(
    [string]$ResourceGroup = "rg-reports-prod",
    [string]$Account = "acmereports"
)

$ErrorActionPreference = "Stop"
$tenant = "{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}"
$appId = "{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}"
$secret = ConvertTo-SecureString "{{rand:3:alnum}}8Q~{{rand:31:A-Za-z0-9_.~-}}" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential($appId, $secret)
Connect-AzAccount -ServicePrincipal -Credential $cred -Tenant $tenant

$adminPass = ConvertTo-SecureString -String "Blu3Falcon#{{rand:4:digits}}" -AsPlainText -Force
$prompted = Read-Host -AsSecureString "Enter the new SQL password"
$env:AZURE_DEVOPS_EXT_PAT = "{{rand:52:a-z2-7}}"

New-AzStorageAccountKey -ResourceGroupName $ResourceGroup -Name $Account -KeyName key1

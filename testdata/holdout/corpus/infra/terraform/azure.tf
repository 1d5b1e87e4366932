resource "azurerm_resource_group" "logs" {
  name     = "rg-acme-logs"
  location = "westeurope"
}

resource "azurerm_linux_function_app" "log_shipper" {
  name                       = "acme-log-shipper"
  resource_group_name        = azurerm_resource_group.logs.name
  location                   = azurerm_resource_group.logs.location
  service_plan_id            = azurerm_service_plan.logs.id
  storage_account_name       = azurerm_storage_account.logs.name
  storage_account_access_key = azurerm_storage_account.logs.primary_access_key

  app_settings = {
    # copied from the portal when the function was created by hand
    "ArchiveStorage" = "DefaultEndpointsProtocol=https;AccountName=acmelogarchive;AccountKey={{rand:86:base64}}==;EndpointSuffix=core.windows.net"
    "EventsBus"      = "Endpoint=sb://acme-events.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={{rand:43:base64}}="
    "CosmosState"    = "AccountEndpoint=https://acme-shipper-state.documents.azure.com:443/;AccountKey={{rand:86:base64}}==;"
    "ExportSasUrl"   = "https://acmeexports.blob.core.windows.net/daily?sv=2022-11-02&ss=b&srt=co&sp=rwl&se=2026-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig={{rand:43:base64}}%3D"
    "FUNCTIONS_WORKER_RUNTIME" = "python"
    "APPINSIGHTS_INSTRUMENTATIONKEY" = "{{rand:8:hex}}-{{rand:4:hex}}-{{rand:4:hex}}-{{rand:4:hex}}-{{rand:12:hex}}"
  }
}

using Azure.Storage.Blobs;
using Microsoft.Data.SqlClient;

var builder = WebApplication.CreateBuilder(args);

var blobSas = new Uri("https://acmereports.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rwdlacx&se=2026-06-30T17:00:00Z&st=2024-07-01T09:00:00Z&spr=https&sig={{rand:40:alnum}}%2B{{rand:3:alnum}}%3D");
var blobClient = new BlobContainerClient(blobSas);

const string LegacySql = "Data Source=10.10.2.40;Initial Catalog=Finance;User ID=fin_ro;Password=Acme{{rand:4:digits}}#{{rand:4:alnum}}";
var apiKey = Environment.GetEnvironmentVariable("REPORTS_API_KEY");
var password = builder.Configuration["Smtp:Password"];

builder.Services.AddHttpClient("sentry", c =>
{
    c.DefaultRequestHeaders.Add("Authorization", "Bearer sntryu_{{rand:64:hex}}");
});

builder.Services.AddHttpClient("nuget", c =>
{
    c.DefaultRequestHeaders.Add("X-NuGet-ApiKey", "oy2{{rand:43:a-z0-9}}");
});

var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.Run();

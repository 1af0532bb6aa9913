using ErrorMiddleware;
using SampleApi.Endpoints;

var builder = WebApplication.CreateBuilder(args);

// Without a launch profile (dotnet run --no-launch-profile, dotnet SampleApi.dll) the sample still listens where the
// README says; --urls, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS and Kestrel:Endpoints all take precedence.
if (string.IsNullOrEmpty(builder.Configuration["urls"])
    && string.IsNullOrEmpty(builder.Configuration["http_ports"])
    && string.IsNullOrEmpty(builder.Configuration["https_ports"])
    && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
{
    builder.WebHost.UseUrls("http://localhost:5080");
}

builder.Services.AddApiErrors();
builder.Services.AddControllers();
builder.Services.AddOpenApi(o => o.AddApiErrorResponses());
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<DemoAccess>();

var app = builder.Build();
app.UseApiErrors();

app.MapOpenApi();
app.MapGet("/", () => Results.Ok(new { name = "ErrorMiddleware SampleApi" }));
app.MapGet("/api/v1/quota", () => { throw new QuotaExceededException(); });
app.MapChatCompletions();
app.MapControllers();

app.Run();

/// <summary>The sample's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program
{
}

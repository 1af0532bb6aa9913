using ErrorMiddleware;
using SampleApi.Endpoints;

var builder = WebApplication.CreateBuilder(args);
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

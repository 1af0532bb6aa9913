using ErrorMiddleware;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddApiErrors();
builder.Services.AddControllers();

var app = builder.Build();
app.UseApiErrors();

app.MapGet("/", () => Results.Ok(new { name = "ErrorMiddleware SampleApi" }));
app.MapGet("/api/v1/quota", () => { throw new QuotaExceededException(); });
app.MapControllers();

app.Run();

/// <summary>The sample's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program
{
}

using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Migration;

/// <summary>
/// The built-in setup of docs/migrating.md (<c>AddProblemDetails</c>, <c>UseExceptionHandler</c>, an
/// <c>IExceptionHandler</c>, <c>UseStatusCodePages</c>) after migration. The code between the snippet markers is the
/// document's, character for character (<see cref="MigrationDocumentTests"/>).
/// </summary>
internal static class BuiltInMigratedApp
{
    public static async Task<TestAppHandle> StartAsync()
    {
        var contentRoot = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "test-app-root")).FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = contentRoot });
        builder.WebHost.UseTestServer();
        var logs = new InMemoryLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);

        // snippet: builtin-migrated
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["node"] = "eu-1");
        builder.Services.AddApiErrors(o =>
        {
            o.Dialect = ErrorDialect.ProblemDetails;
            o.Map<OutOfCreditException>(ex => new QuotaExceededException("Out of credit.")
            {
                Details = new Dictionary<string, object?> { ["balance"] = ex.Balance },
            });
            o.MapToStatusCode<TimeoutException>(StatusCodes.Status504GatewayTimeout);
        });

        var app = builder.Build();
        app.UseApiErrors();
        // end snippet

        app.MapGet("/credit", string () => throw new OutOfCreditException(0.5m));
        app.MapGet("/timeout", string () => throw new TimeoutException("secret"));
        app.MapGet("/fails", string () => throw new InvalidOperationException("secret"));
        app.MapGet("/problem", () => Results.Problem("Try later.", statusCode: 503, title: "Maintenance"));
        await app.StartAsync();
        return new TestAppHandle(app, app.GetTestClient(), logs);
    }
}

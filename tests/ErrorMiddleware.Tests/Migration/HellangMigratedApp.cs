using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Migration;

/// <summary>
/// The Hellang.Middleware.ProblemDetails setup of docs/migrating.md after migration. The code between the snippet
/// markers is the document's, character for character (<see cref="MigrationDocumentTests"/>).
/// </summary>
internal static class HellangMigratedApp
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

        // snippet: hellang-migrated
        builder.Services.AddApiErrors(o =>
        {
            o.Dialect = ErrorDialect.ProblemDetails;
            o.IncludeExceptionDetails = (ctx, ex) => ctx.Request.Headers.ContainsKey("X-Debug");
            o.Map<OutOfCreditException>((ctx, ex) => new QuotaExceededException("Out of credit.")
            {
                Details = new Dictionary<string, object?> { ["balance"] = ex.Balance },
            });
            o.MapToProblemDetails<OrderLockedException>((ctx, ex) => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Order locked",
                Type = "https://errors.example.com/order-locked",
                Detail = $"Order {ex.OrderId} is being edited.",
                Extensions = { ["orderId"] = ex.OrderId },
            });
            o.MapToStatusCode<NotImplementedException>(StatusCodes.Status501NotImplemented);
            o.Rethrow<NotSupportedException>((ctx, ex) => ctx.Request.Path.StartsWithSegments("/legacy"));
            o.Rethrow<OperationCanceledException>();
            o.ShouldLogException = (ctx, ex, error) => ex is not TimeoutException;
            o.OnError = (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers["X-Node"] = "eu-1";
                context.Error = context.Error with
                {
                    Extensions = new Dictionary<string, object?>(context.Error.Extensions ?? new Dictionary<string, object?>()) { ["node"] = "eu-1" },
                };
                return ValueTask.CompletedTask;
            };
            o.AllowedHeaderNames.Add("X-Tenant");
        });

        var app = builder.Build();
        app.UseApiErrors();
        // end snippet

        app.MapGet("/credit", string () => throw new OutOfCreditException(0.5m));
        app.MapGet("/orders/{id:int}", string (int id) => throw new OrderLockedException(id));
        app.MapGet("/not-implemented", string () => throw new NotImplementedException());
        app.MapGet("/legacy/report", string () => throw new NotSupportedException("for the outer handler"));
        app.MapGet("/report", string () => throw new NotSupportedException("secret"));
        app.MapGet("/canceled", string () => throw new OperationCanceledException());
        app.MapGet("/timeout", string () => throw new TimeoutException("noisy"));
        app.MapGet("/tenant", string (HttpContext context) =>
        {
            context.Response.Headers["X-Tenant"] = "t-1";
            throw new InvalidOperationException("secret");
        });
        await app.StartAsync();
        return new TestAppHandle(app, app.GetTestClient(), logs);
    }
}

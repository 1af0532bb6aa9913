using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Benchmarks;

/// <summary>
/// <c>serve MIDDLEWARE PORT</c>: a Kestrel app on 127.0.0.1 for wrk, with the same three routes behind no error
/// middleware, UseApiErrors, or UseExceptionHandler + UseStatusCodePages. /ok succeeds, /missing is an unmatched
/// route (body-less 404), /throw throws a domain exception (a 4xx, so nothing is logged at Error).
/// </summary>
internal static class ServeCommand
{
    public static async Task RunAsync(string middleware, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        switch (middleware)
        {
            case "ApiErrors":
                builder.Services.AddApiErrors();
                break;
            case "ExceptionHandler":
                builder.Services.AddProblemDetails();
                break;
            case "None":
                break;
            default:
                throw new ArgumentException($"Unknown middleware '{middleware}': use None, ApiErrors or ExceptionHandler.", nameof(middleware));
        }

        var app = builder.Build();
        switch (middleware)
        {
            case "ApiErrors":
                app.UseApiErrors();
                break;
            case "ExceptionHandler":
                app.UseExceptionHandler(new ExceptionHandlerOptions
                {
                    StatusCodeSelector = ex => ex is QuotaExceededException ? StatusCodes.Status402PaymentRequired : StatusCodes.Status500InternalServerError,
                });
                app.UseStatusCodePages();
                break;
        }

        app.MapGet("/ok", () => "ok");
        app.MapGet("/throw", string () => throw new QuotaExceededException());
        await app.RunAsync();
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Benchmarks;

/// <summary>
/// <c>serve CONFIGURATION PORT</c>: a Kestrel app on 127.0.0.1 for <c>bench/wrk.sh</c>, the same endpoints behind
/// one configuration: <c>None</c> (no error handling), <c>BuiltIn</c> (<c>AddProblemDetails</c> +
/// <c>UseExceptionHandler</c> + an <see cref="Microsoft.AspNetCore.Diagnostics.IExceptionHandler"/> +
/// <c>UseStatusCodePages</c>), or the library in one dialect (<c>BusinessCode</c>, <c>Wanqing</c>, <c>ProblemDetails</c>).
/// </summary>
/// <remarks>
/// Endpoints: <c>/ok</c> succeeds; <c>/floor</c> is a hand-written <c>Results.Json</c> 402 error (the cheapest error
/// there is); <c>/catch</c> throws a <see cref="QuotaExceededException"/>, catches it in the handler and answers like
/// <c>/floor</c> (the least any throwing design can cost); <c>/result</c> returns the non-throwing error result
/// (<c>ApiResults.QuotaExceeded()</c>; BuiltIn: <c>TypedResults.Problem(statusCode: 402)</c>; None: not mapped);
/// <c>/throw</c> throws <see cref="QuotaExceededException"/> to the error handling; <c>/missing</c> matches no route;
/// <c>POST /validate</c> fails FluentValidation on two fields. <c>/_bench/allocated</c> answers
/// <c>GC.GetTotalAllocatedBytes(true)</c> for the script to read before and after each run.
/// </remarks>
internal static class ServeCommand
{
    public static readonly string[] Configurations = ["None", "BuiltIn", "BusinessCode", "Wanqing", "ProblemDetails"];

    public static async Task RunAsync(string configuration, int port)
    {
        var library = configuration switch
        {
            "BusinessCode" => ErrorDialect.BusinessCode,
            "Wanqing" => ErrorDialect.Wanqing,
            "ProblemDetails" => ErrorDialect.ProblemDetails,
            "None" or "BuiltIn" => (ErrorDialect?)null,
            _ => throw new ArgumentException(
                $"Unknown configuration '{configuration}': use one of {string.Join(", ", Configurations)}.", nameof(configuration)),
        };

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        builder.Logging.ClearProviders();
        // The same validator registration in every configuration, so that only the error handling differs.
        builder.Services.AddSingleton<IValidator<BenchOrder>, BenchOrderValidator>();
        if (library is { } dialect)
        {
            builder.Services.AddApiErrors(o => o.Dialect = dialect);
        }
        else
        {
            if (configuration == "BuiltIn")
            {
                builder.Services.AddProblemDetails();
                builder.Services.AddExceptionHandler<BuiltInExceptionHandler>();
            }
        }

        var app = builder.Build();
        if (library is not null)
        {
            app.UseApiErrors();
        }
        else if (configuration == "BuiltIn")
        {
            app.UseExceptionHandler();
            app.UseStatusCodePages();
        }

        app.MapGet("/_bench/allocated", () => GC.GetTotalAllocatedBytes(precise: true).ToString(CultureInfo.InvariantCulture));
        app.MapGet("/ok", () => "ok");
        app.MapGet("/floor", (HttpContext context) => Floor(context));
        app.MapGet("/catch", (HttpContext context) =>
        {
            try
            {
                Throw();
                return Results.Ok();
            }
            catch (QuotaExceededException)
            {
                return Floor(context);
            }
        });
        app.MapGet("/throw", string () => throw new QuotaExceededException());
        if (library is not null)
        {
            app.MapGet("/result", () => ApiResults.QuotaExceeded());
            app.MapPost("/validate", (BenchOrder order) => Results.Ok(order)).WithApiValidation();
        }
        else
        {
            if (configuration == "BuiltIn")
            {
                app.MapGet("/result", () => TypedResults.Problem(statusCode: StatusCodes.Status402PaymentRequired));
            }

            app.MapPost("/validate", (BenchOrder order) => Results.Ok(order)).AddEndpointFilter(async (invocation, next) =>
            {
                var validator = invocation.HttpContext.RequestServices.GetRequiredService<IValidator<BenchOrder>>();
                var result = await validator.ValidateAsync(invocation.GetArgument<BenchOrder>(0), invocation.HttpContext.RequestAborted);
                return result.IsValid ? await next(invocation) : TypedResults.ValidationProblem(result.ToDictionary());
            });
        }

        await app.RunAsync();
    }

    /// <summary>The hand-written error: what a handler that knows its own envelope writes.</summary>
    private static IResult Floor(HttpContext context) =>
        Results.Json(new FloorError(402000, "Quota freeze failed", context.TraceIdentifier), statusCode: StatusCodes.Status402PaymentRequired);

    /// <summary>A throw one frame below the handler, so that the catch unwinds a frame like a real throwing design.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw() => throw new QuotaExceededException();
}

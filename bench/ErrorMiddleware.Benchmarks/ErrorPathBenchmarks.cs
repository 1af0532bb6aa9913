using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Benchmarks;

/// <summary>
/// A failing request: UseApiErrors' envelope vs the framework's problem+json, for a fault (500), a domain exception
/// (402) and a body-less status (404). The per-dialect allocation budgets are tests/ErrorMiddleware.Tests/Allocation.
/// </summary>
[MemoryDiagnoser]
public class ErrorPathBenchmarks
{
    private RequestDelegate _pipeline = null!;
    private IServiceProvider _services = null!;

    [Params("ApiErrors", "ExceptionHandler")]
    public string Middleware { get; set; } = "ApiErrors";

    [Params("Fault", "DomainException", "BodylessStatus")]
    public string Failure { get; set; } = "Fault";

    [GlobalSetup]
    public void Setup() =>
        (_pipeline, _services) = Pipelines.Build(Middleware, Failure switch
        {
            "Fault" => _ => throw new InvalidOperationException("boom"),
            "DomainException" => _ => throw new QuotaExceededException(),
            _ => context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            },
        });

    [Benchmark]
    public async Task<long> FailingRequest()
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Response.Body = new MemoryStream();
        await _pipeline(context);
        return context.Response.Body.Length;
    }
}

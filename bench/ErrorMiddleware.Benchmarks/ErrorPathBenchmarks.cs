using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Benchmarks;

/// <summary>A request whose handler throws: UseApiErrors' envelope vs the framework's problem+json.</summary>
[MemoryDiagnoser]
public class ErrorPathBenchmarks
{
    private RequestDelegate _pipeline = null!;
    private IServiceProvider _services = null!;

    [Params("ApiErrors", "ExceptionHandler")]
    public string Middleware { get; set; } = "ApiErrors";

    [GlobalSetup]
    public void Setup() =>
        (_pipeline, _services) = Pipelines.Build(Middleware, _ => throw new InvalidOperationException("boom"));

    [Benchmark]
    public async Task<long> FailingRequest()
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Response.Body = new MemoryStream();
        await _pipeline(context);
        return context.Response.Body.Length;
    }
}

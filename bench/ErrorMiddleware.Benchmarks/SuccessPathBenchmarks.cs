using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Benchmarks;

/// <summary>
/// A request that succeeds, through no error middleware (baseline), UseApiErrors, and the framework's
/// UseExceptionHandler + UseStatusCodePages (the usual hand-rolled setup). Allocated bytes are per request.
/// </summary>
[MemoryDiagnoser]
public class SuccessPathBenchmarks
{
    private RequestDelegate _pipeline = null!;
    private IServiceProvider _services = null!;

    [Params("None", "ApiErrors", "ExceptionHandler")]
    public string Middleware { get; set; } = "None";

    [Params(false, true)]
    public bool AsyncHandler { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        RequestDelegate terminal = AsyncHandler
            ? async context => { await Task.Yield(); context.Response.StatusCode = 200; }
            : context => { context.Response.StatusCode = 200; return Task.CompletedTask; };
        (_pipeline, _services) = Pipelines.Build(Middleware, terminal);
    }

    [Benchmark]
    public Task Request()
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        return _pipeline(context);
    }
}

using System.Diagnostics;
using System.Text;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Allocation;

/// <summary>
/// The real services and middleware of an app, run in process without a server: each request is a fresh
/// <see cref="DefaultHttpContext"/> handed to the built <see cref="RequestDelegate"/> on the calling thread, so
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> around the call counts exactly what that request allocated.
/// Every route completes synchronously; a request that does not fails the measurement instead of being mis-counted.
/// </summary>
internal sealed class AllocationPipeline : IAsyncDisposable
{
    private const int RequestsPerRound = 40;
    private const int MaxWarmupRounds = 12;
    private static readonly TimeSpan TierUpPause = TimeSpan.FromMilliseconds(150);

    private static readonly byte[] s_invalidBody = Encoding.UTF8.GetBytes("{\"prompt\":\"\",\"maxTokens\":0}");

    private readonly WebApplication _app;
    private readonly RequestDelegate _pipeline;
    private readonly MemoryStream _responseBody = new(capacity: 64 * 1024);

    private AllocationPipeline(WebApplication app)
    {
        _app = app;
        _pipeline = ((IApplicationBuilder)app).Build();
    }

    public static AllocationPipeline Create(AllocationSetup setup, ErrorDialect dialect = ErrorDialect.BusinessCode)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.Services.AddScoped<IValidator<AllocationRequest>, AllocationRequestValidator>();
        switch (setup)
        {
            case AllocationSetup.ApiErrors:
                builder.Services.AddApiErrors(options => options.Dialect = dialect);
                break;
            case AllocationSetup.BuiltIn:
                builder.Services.AddProblemDetails();
                break;
        }

        var app = builder.Build();
        switch (setup)
        {
            case AllocationSetup.ApiErrors:
                app.UseApiErrors();
                break;
            case AllocationSetup.BuiltIn:
                app.UseExceptionHandler(new ExceptionHandlerOptions
                {
                    StatusCodeSelector = exception => exception is QuotaExceededException ? StatusCodes.Status402PaymentRequired : StatusCodes.Status500InternalServerError,
                });
                app.UseStatusCodePages();
                break;
        }

        app.UseRouting();
        app.MapGet("/ok", () => "ok");
        app.MapGet("/throw", string () => throw new QuotaExceededException());
        app.MapGet("/status", () => Results.StatusCode(StatusCodes.Status409Conflict));
        if (setup == AllocationSetup.ApiErrors)
        {
            app.MapGet("/result", IResult () => ApiResults.QuotaExceeded());
        }
        else
        {
            app.MapGet("/result", () => Results.StatusCode(StatusCodes.Status402PaymentRequired));
        }

        var validated = app.MapPost("/validated", (AllocationRequest request) => "ok");
        switch (setup)
        {
            case AllocationSetup.ApiErrors:
                validated.WithApiValidation();
                break;
            case AllocationSetup.BuiltIn:
                validated.AddEndpointFilter(ValidateBuiltInAsync);
                break;
        }

        app.UseEndpoints(_ => { });
        return new AllocationPipeline(app);
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>Bytes one request of <paramref name="request"/> allocates in a pipeline with the library, in <paramref name="dialect"/>.</summary>
    public long Measure(AllocationCase request, ErrorDialect dialect) => Measure(request.Request, request.StatusIn(dialect));

    /// <summary>Bytes one request allocates, the fewest of several after a warm-up.</summary>
    /// <param name="request">The request: <c>GET /ok</c>, <c>GET /throw</c>, <c>GET /missing</c>, <c>GET /status</c>, <c>GET /result</c> or <c>POST /validated</c>.</param>
    /// <param name="expectedStatus">The status the request must end with, so a measurement is never of the wrong thing.</param>
    public long Measure(string request, int expectedStatus)
    {
        // The JIT recompiles hot methods in the background (tier 1), which can remove allocations (objects that do not
        // escape live on the stack): warm up in rounds, pausing so recompilation can happen, until two rounds agree.
        var previous = -1L;
        for (var round = 0; round < MaxWarmupRounds; round++)
        {
            var fewest = long.MaxValue;
            for (var i = 0; i < RequestsPerRound; i++)
            {
                fewest = Math.Min(fewest, Run(request, expectedStatus));
            }

            if (fewest == previous)
            {
                return fewest;
            }

            previous = fewest;
            Thread.Sleep(TierUpPause);
        }

        return previous;
    }

    /// <summary>The body of one response to <paramref name="request"/>.</summary>
    public string Body(string request, int expectedStatus)
    {
        Run(request, expectedStatus);
        return Encoding.UTF8.GetString(_responseBody.GetBuffer(), 0, (int)_responseBody.Length);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _responseBody.DisposeAsync();
    }

    private long Run(string request, int expectedStatus)
    {
        var (method, path) = request.Split(' ') switch
        {
            [var m, var p] => (m, p),
            _ => throw new ArgumentException($"'{request}' is not 'METHOD /path'.", nameof(request)),
        };

        using var scope = _app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = path;
        if (HttpMethods.IsPost(method))
        {
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = s_invalidBody.Length;
            context.Request.Body = new MemoryStream(s_invalidBody, writable: false);
            context.Features.Set<IHttpRequestBodyDetectionFeature>(RequestWithBody.Instance);
        }

        // A body written into memory allocated up front: what a server copies into its own pooled buffers.
        _responseBody.SetLength(0);
        context.Response.Body = _responseBody;

        // A host with tracing on runs the request in an activity; problem+json writes its id as traceId.
        using var activity = new Activity("Allocation.Request").SetIdFormat(ActivityIdFormat.W3C).Start();
        Task task;
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            task = _pipeline(context);
        }
        catch (QuotaExceededException)
        {
            // No error handling: the exception leaves the pipeline, as it would reach the server.
            task = Task.CompletedTask;
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException($"{request} did not complete synchronously: its allocations cannot be counted on one thread.");
        }

        if (task.IsFaulted)
        {
            _ = task.Exception;
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }

        if (context.Response.StatusCode != expectedStatus)
        {
            throw new InvalidOperationException($"{request} answered {context.Response.StatusCode}, not {expectedStatus}: {Encoding.UTF8.GetString(_responseBody.GetBuffer(), 0, (int)_responseBody.Length)}");
        }

        return allocated;
    }

    private sealed class RequestWithBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly RequestWithBody Instance = new();

        public bool CanHaveBody => true;
    }

    private static async ValueTask<object?> ValidateBuiltInAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var request = invocation.GetArgument<AllocationRequest>(0);
        var validator = invocation.HttpContext.RequestServices.GetRequiredService<IValidator<AllocationRequest>>();
        var result = await validator.ValidateAsync(request);
        return result.IsValid ? await next(invocation) : TypedResults.ValidationProblem(result.ToDictionary());
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using ErrorMiddleware.Tests.Composition;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ErrorMiddleware.Tests.Diagnostics;

/// <summary>
/// Issue 8, item 5: what OpenTelemetry and APM agents see without configuration — <c>error.type</c> on
/// <c>http.server.request.duration</c>, the request activity's error status, the <c>HandledException</c> diagnostic
/// event, <c>aspnetcore.diagnostics.exceptions</c> — and the library's own counter after the semantic conventions.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task ErrorsCounter_AnError_IsTaggedAfterTheSemanticConventions()
    {
        // Arrange
        await using var app = await StartAsync(ErrorPipeline.ApiErrorsAlone);
        using var errors = Collect<long>(app, "ErrorMiddleware", "errormiddleware.errors");

        // Act
        using var quota = await app.Client.GetAsync("/plans/free/quota");
        using var wanqing = await app.Client.GetAsync("/v1/quota");
        using var unmatched = await app.Client.GetAsync("/nowhere");

        // Assert: the documented code as error.type, the status, the route template, the dialect outside error.*.
        await errors.WaitForMeasurementsAsync(3, TimeSpan.FromSeconds(10));
        var measurements = errors.GetMeasurementSnapshot();
        Assert.Equal(3, measurements.Count);
        var first = measurements.Single(m => Equals(m.Tags["error.type"], "402000"));
        Assert.Equal(
            new Dictionary<string, object?> { ["error.type"] = "402000", ["http.response.status_code"] = 402, ["http.route"] = "/plans/{plan}/quota", ["errormiddleware.dialect"] = "BusinessCode" },
            first.Tags.ToDictionary(t => t.Key, t => t.Value));
        var second = measurements.Single(m => Equals(m.Tags["error.type"], "Forbidden.InsufficientBalance"));
        Assert.Equal((403, "/v1/quota", "Wanqing"), ((int)second.Tags["http.response.status_code"]!, second.Tags["http.route"], second.Tags["errormiddleware.dialect"]));
        var third = measurements.Single(m => Equals(m.Tags["error.type"], "404000"));
        Assert.False(third.Tags.ContainsKey("http.route"), "An unmatched path has no route.");
        Assert.All(measurements, m => Assert.DoesNotContain(m.Tags.Keys, k => k is "error.code" or "error.dialect"));
    }

    [Theory]
    [InlineData(ErrorPipeline.ApiErrorsAlone)]
    [InlineData(ErrorPipeline.ApiErrorsOutside)]
    [InlineData(ErrorPipeline.ExceptionHandlerOutside)]
    public async Task RequestDuration_InEveryOrder_CarriesErrorTypeForServerErrorsOnly(ErrorPipeline pipeline)
    {
        // Arrange
        await using var app = await StartAsync(pipeline);
        using var durations = Collect<double>(app, "Microsoft.AspNetCore.Hosting", "http.server.request.duration");

        // Act
        using var boom = await app.Client.GetAsync("/boom");
        using var unavailable = await app.Client.GetAsync("/unavailable");
        using var missing = await app.Client.GetAsync("/tasks/4");

        // Assert: the exception's full type name, the status code when no exception caused it, nothing for a 4xx.
        Assert.Equal((500, 503, 404), ((int)boom.StatusCode, (int)unavailable.StatusCode, (int)missing.StatusCode));
        await durations.WaitForMeasurementsAsync(3, TimeSpan.FromSeconds(10));
        var byRoute = durations.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["http.route"]!, m => m.Tags);
        Assert.Equal("System.InvalidOperationException", byRoute["/boom"]["error.type"]);
        Assert.Equal("503", byRoute["/unavailable"]["error.type"]);
        Assert.False(byRoute["/tasks/{id}"].ContainsKey("error.type"));
    }

    [Theory]
    [InlineData(ErrorPipeline.ApiErrorsAlone)]
    [InlineData(ErrorPipeline.ApiErrorsOutside)]
    [InlineData(ErrorPipeline.ExceptionHandlerOutside)]
    public async Task RequestActivity_InEveryOrder_IsMarkedAsErrorForServerErrorsOnly(ErrorPipeline pipeline)
    {
        // Arrange: a listener makes hosting create the request activity; the app's outermost middleware notes which
        // activity was its request's.
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var activities = new ConcurrentDictionary<string, Activity>();
        await using var app = await StartAsync(pipeline, outer: async (context, next) =>
        {
            activities[context.Request.Path.Value!] = context.Features.Get<IHttpActivityFeature>()!.Activity;
            await next(context);
        });

        // Act
        using var boom = await app.Client.GetAsync("/boom");
        using var missing = await app.Client.GetAsync("/tasks/4");

        // Assert
        var failed = await StoppedAsync(stopped, activities["/boom"]);
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("System.InvalidOperationException", failed.GetTagItem("error.type"));
        var clientError = await StoppedAsync(stopped, activities["/tasks/4"]);
        Assert.Equal(ActivityStatusCode.Unset, clientError.Status);
        Assert.Null(clientError.GetTagItem("error.type"));
    }

    [Theory]
    [InlineData(ErrorPipeline.ApiErrorsAlone)]
    [InlineData(ErrorPipeline.ApiErrorsOutside)]
    [InlineData(ErrorPipeline.ExceptionHandlerOutside)]
    public async Task HandledExceptionEvent_InEveryOrder_FiresOnceWithTheFrameworksPayloadForServerErrors(ErrorPipeline pipeline)
    {
        // Arrange
        await using var app = await StartAsync(pipeline);
        var recorder = new DiagnosticEventRecorder();
        using var subscription = app.App.Services.GetRequiredService<DiagnosticListener>()
            .Subscribe(recorder, name => name == "Microsoft.AspNetCore.Diagnostics.HandledException");

        // Act
        using var boom = await app.Client.GetAsync("/boom");
        using var missing = await app.Client.GetAsync("/tasks/4");

        // Assert: one event, for the 500 only, carrying the request and the exception as the framework's does.
        var handled = Assert.Single(recorder.Events);
        Assert.Equal("Microsoft.AspNetCore.Diagnostics.HandledException", handled.Key);
        Assert.IsAssignableFrom<HttpContext>(DiagnosticEventRecorder.Property(handled.Value, "httpContext"));
        Assert.Equal("/boom", Assert.Single(recorder.Paths));
        Assert.Equal("boom", Assert.IsType<InvalidOperationException>(DiagnosticEventRecorder.Property(handled.Value, "exception")).Message);
    }

    [Theory]
    [InlineData(ErrorPipeline.ApiErrorsAlone)]
    [InlineData(ErrorPipeline.ApiErrorsOutside)]
    [InlineData(ErrorPipeline.ExceptionHandlerOutside)]
    public async Task DiagnosticsExceptionsCounter_InEveryOrder_CountsEachExceptionOnce(ErrorPipeline pipeline)
    {
        // Arrange
        await using var app = await StartAsync(pipeline);
        using var exceptions = Collect<long>(app, "Microsoft.AspNetCore.Diagnostics", "aspnetcore.diagnostics.exceptions");

        // Act
        using var boom = await app.Client.GetAsync("/boom");
        await exceptions.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));
        await Task.Delay(100);

        // Assert
        var counted = Assert.Single(exceptions.GetMeasurementSnapshot());
        Assert.Equal(1, counted.Value);
        Assert.Equal("System.InvalidOperationException", counted.Tags["error.type"]);
        Assert.Equal("handled", counted.Tags["aspnetcore.diagnostics.exception.result"]);
        Assert.Equal("ErrorMiddleware.ApiErrorsExceptionHandler", counted.Tags["aspnetcore.diagnostics.handler.type"]);
    }

    [Fact]
    public async Task DiagnosticsExceptionsCounter_ApplicationHandlerAnswered_NamesThatHandler()
    {
        // Arrange
        await using var app = await CompositionApp.StartAsync(
            ErrorPipeline.ApiErrorsAlone,
            a => a.MapGet("/teapot", string () => throw new TeapotException()),
            servicesAfterApiErrors: s => s.AddExceptionHandler<TeapotHandler>());
        using var exceptions = Collect<long>(app, "Microsoft.AspNetCore.Diagnostics", "aspnetcore.diagnostics.exceptions");

        // Act
        using var teapot = await app.Client.GetAsync("/teapot");

        // Assert
        Assert.Equal(418, (int)teapot.StatusCode);
        await exceptions.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));
        var counted = Assert.Single(exceptions.GetMeasurementSnapshot());
        Assert.Equal(typeof(TeapotException).FullName, counted.Tags["error.type"]);
        Assert.Equal("handled", counted.Tags["aspnetcore.diagnostics.exception.result"]);
        Assert.Equal(typeof(TeapotHandler).FullName, counted.Tags["aspnetcore.diagnostics.handler.type"]);
    }

    [Fact]
    public async Task DiagnosticsExceptionsCounter_RethrownException_IsCountedAsUnhandled()
    {
        // Arrange: a Rethrow mapping, with an outer middleware that catches what passes through.
        await using var app = await CompositionApp.StartAsync(
            ErrorPipeline.ApiErrorsAlone,
            a => a.MapGet("/passes", string () => throw new TimeoutException("not mine")),
            outer: async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (TimeoutException)
                {
                    context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
                }
            },
            options: o => o.Rethrow<TimeoutException>());
        using var exceptions = Collect<long>(app, "Microsoft.AspNetCore.Diagnostics", "aspnetcore.diagnostics.exceptions");

        // Act
        using var response = await app.Client.GetAsync("/passes");

        // Assert
        Assert.Equal(504, (int)response.StatusCode);
        await exceptions.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));
        var counted = Assert.Single(exceptions.GetMeasurementSnapshot());
        Assert.Equal("unhandled", counted.Tags["aspnetcore.diagnostics.exception.result"]);
        Assert.False(counted.Tags.ContainsKey("aspnetcore.diagnostics.handler.type"));
    }

    private static Task<TestAppHandle> StartAsync(ErrorPipeline pipeline, Func<HttpContext, RequestDelegate, Task>? outer = null) => CompositionApp.StartAsync(
        pipeline,
        a =>
        {
            a.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
            a.MapGet("/unavailable", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
            a.MapGet("/tasks/{id}", string (string id) => throw new ResourceNotFoundException($"Task {id} was not found."));
            a.MapGet("/plans/{plan}/quota", string (string plan) => throw new QuotaExceededException());
            a.MapGroup("/v1").WithErrorDialect(ErrorDialect.Wanqing).MapGet("/quota", string () => throw new QuotaExceededException());
        },
        outer: outer);

    private static MetricCollector<T> Collect<T>(TestAppHandle app, string meter, string instrument)
        where T : struct =>
        new(app.App.Services.GetRequiredService<IMeterFactory>(), meter, instrument);

    /// <summary>Hosting stops the request activity after the response was sent; give it the moment it may need.</summary>
    private static async Task<Activity> StoppedAsync(ConcurrentBag<Activity> stopped, Activity activity)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!stopped.Contains(activity) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Contains(activity, stopped);
        return activity;
    }
}

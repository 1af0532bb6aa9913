using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Reliability;

/// <summary>
/// A test app over Kestrel on 127.0.0.1 with everything the reliability tests observe: the log, the
/// <c>errormiddleware.errors</c> counter and each request's final status.
/// </summary>
internal sealed class ReliabilityApp : IAsyncDisposable
{
    private ReliabilityApp(TestAppHandle handle, RequestOutcomeRecorder outcomes)
    {
        Handle = handle;
        Outcomes = outcomes;
        var meterFactory = handle.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        Errors = new MetricCollector<long>(meterFactory, "ErrorMiddleware", "errormiddleware.errors");
    }

    public TestAppHandle Handle { get; }

    public HttpClient Client => Handle.Client;

    public InMemoryLoggerProvider Logs => Handle.Logs;

    public RequestOutcomeRecorder Outcomes { get; }

    public MetricCollector<long> Errors { get; }

    public Uri BaseAddress => Handle.Client.BaseAddress!;

    /// <summary>The sum of the counter's increments.</summary>
    public long ErrorCount => Errors.GetMeasurementSnapshot().Sum(m => m.Value);

    public static async Task<ReliabilityApp> StartAsync(
        Action<WebApplication> configureApp,
        Action<ApiErrorsOptions>? configureOptions = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var outcomes = new RequestOutcomeRecorder();
        var handle = await TestApp.StartAsync(
            configureApp,
            configureOptions,
            services =>
            {
                services.AddSingleton<IStartupFilter>(outcomes);
                configureServices?.Invoke(services);
            },
            kestrel: true,
            configureBuilder: builder => builder.Logging.AddFilter(_ => true));
        return new ReliabilityApp(handle, outcomes);
    }

    /// <summary>Error-level (and worse) entries of the log.</summary>
    public IReadOnlyList<LogEntry> ErrorEntries() => [.. Logs.Entries.Where(e => e.Level >= LogLevel.Error)];

    /// <summary>
    /// Asserts that <paramref name="original"/> was logged exactly once at Error and that no exception was logged at
    /// Error more than once (each failure one line with its stack trace).
    /// </summary>
    public void AssertLoggedOnceAtError(Func<Exception, bool> original, string because)
    {
        var errors = ErrorEntries();
        var describe = string.Join("\n", errors.Select(e => $"{e.EventId.Name}: {e.Exception?.GetType().Name}: {e.Exception?.Message}"));
        Assert.True(errors.Count(e => e.Exception is { } exception && original(exception)) == 1, $"{because}: the original failure must be logged once at Error. Logged:\n{describe}");
        var repeated = errors.Where(e => e.Exception is not null).GroupBy(e => e.Exception, ReferenceEqualityComparer.Instance).FirstOrDefault(g => g.Count() > 1);
        Assert.True(repeated is null, $"{because}: one exception was logged at Error more than once. Logged:\n{describe}");
    }

    public async ValueTask DisposeAsync()
    {
        Errors.Dispose();
        await Handle.DisposeAsync();
    }
}

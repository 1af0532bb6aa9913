using System.Diagnostics.Metrics;
using System.Net;

namespace SampleApi.Diagnostics;

/// <summary>
/// What <c>bench/soak.sh</c> reads from the sample under load: the total of the library's counter
/// <c>errormiddleware.errors</c> (meter <c>ErrorMiddleware</c>) and the managed heap after a forced full collection.
/// Mapped only when <c>Soak:Diagnostics</c> is <c>true</c>, and answers only requests from a loopback address.
/// </summary>
internal sealed class SoakDiagnostics : IDisposable
{
    /// <summary>The configuration switch that maps the endpoint (off unless set).</summary>
    public const string Switch = "Soak:Diagnostics";

    /// <summary>The path of the endpoint.</summary>
    public const string Path = "/_soak/diagnostics";

    private const string MeterName = "ErrorMiddleware";
    private const string CounterName = "errormiddleware.errors";

    private readonly MeterListener _listener = new();
    private long _errors;

    /// <summary>Listens to the counter of the meters <paramref name="meterFactory"/> created (this app's, not another's).</summary>
    public SoakDiagnostics(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name == CounterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, measurement, _, _) => Interlocked.Add(ref _errors, measurement));
        _listener.Start();
    }

    /// <summary>The counter's total since the listener started.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Maps the endpoint when the switch is on; the listener starts with the app, before any request.</summary>
    public static void Map(WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>(Switch))
        {
            return;
        }

        var diagnostics = new SoakDiagnostics(app.Services.GetRequiredService<IMeterFactory>());
        app.Lifetime.ApplicationStopped.Register(diagnostics.Dispose);
        app.MapGet(Path, (HttpContext context) =>
            context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
                ? Results.Json(new { errors = diagnostics.Errors, gc_heap_bytes = GC.GetTotalMemory(forceFullCollection: true) })
                : Results.NotFound())
            .ExcludeFromDescription();
    }

    public void Dispose() => _listener.Dispose();
}

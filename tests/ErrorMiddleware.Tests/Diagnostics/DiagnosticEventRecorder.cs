using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Diagnostics;

/// <summary>Records the events written to a <c>DiagnosticListener</c> it is subscribed to.</summary>
internal sealed class DiagnosticEventRecorder : IObserver<KeyValuePair<string, object?>>
{
    public ConcurrentQueue<KeyValuePair<string, object?>> Events { get; } = new();

    /// <summary>The request path of each event's <c>httpContext</c>, read when it was written (the request is gone after).</summary>
    public ConcurrentQueue<string?> Paths { get; } = new();

    public void OnNext(KeyValuePair<string, object?> value)
    {
        Paths.Enqueue((Property(value.Value, "httpContext") as HttpContext)?.Request.Path.Value);
        Events.Enqueue(value);
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    /// <summary>A public property of an event's payload, read as a subscriber such as an APM agent reads it.</summary>
    public static object? Property(object? payload, string name) => payload?.GetType().GetProperty(name)?.GetValue(payload);
}

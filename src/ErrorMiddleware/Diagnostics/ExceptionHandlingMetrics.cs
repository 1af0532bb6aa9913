using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ErrorMiddleware;

/// <summary>
/// ASP.NET Core's <c>aspnetcore.diagnostics.exceptions</c> counter (meter <c>Microsoft.AspNetCore.Diagnostics</c>),
/// incremented for the exceptions <c>UseApiErrors()</c> caught itself, with the framework's tags: <c>error.type</c>
/// (the exception's full type name), <c>aspnetcore.diagnostics.exception.result</c> and, when one answered,
/// <c>aspnetcore.diagnostics.handler.type</c>. An exception the framework's <c>UseExceptionHandler()</c> caught is
/// counted by the framework (its handler then is <see cref="ApiErrorsExceptionHandler"/>), so each exception is
/// counted once, whichever middleware is outermost.
/// </summary>
internal sealed class ExceptionHandlingMetrics
{
    public const string MeterName = "Microsoft.AspNetCore.Diagnostics";
    public const string CounterName = "aspnetcore.diagnostics.exceptions";

    /// <summary>The response was produced (by the library or an application's handler).</summary>
    public const string Handled = "handled";

    /// <summary>The exception was rethrown (a <c>Rethrow</c> mapping).</summary>
    public const string Unhandled = "unhandled";

    /// <summary>The response had started: no handler could answer (an event stream got its error event, anything else was aborted).</summary>
    public const string Skipped = "skipped";

    /// <summary>The client went away (499).</summary>
    public const string Aborted = "aborted";

    private readonly Counter<long> _exceptions;

    public ExceptionHandlingMetrics(IMeterFactory meterFactory)
    {
        // Same meter, name, unit and description as the framework's, so that both feed one instrument.
        var meter = meterFactory.Create(MeterName);
        _exceptions = meter.CreateCounter<long>(CounterName, unit: "{exception}", description: "Number of exceptions caught by exception handling middleware.");
    }

    public void Caught(Exception exception, string result, string? handler)
    {
        if (!_exceptions.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "error.type", exception.GetType().FullName ?? exception.GetType().Name },
            { "aspnetcore.diagnostics.exception.result", result },
        };
        if (handler is not null)
        {
            tags.Add("aspnetcore.diagnostics.handler.type", handler);
        }

        _exceptions.Add(1, tags);
    }
}

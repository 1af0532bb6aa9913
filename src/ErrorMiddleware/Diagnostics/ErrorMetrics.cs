using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// The <c>ErrorMiddleware</c> meter: the counter <c>errormiddleware.errors</c>, one increment per error written,
/// tagged after the OpenTelemetry semantic conventions: <c>error.type</c> (the documented code),
/// <c>http.response.status_code</c>, <c>http.route</c> (when the request had an endpoint) and
/// <c>errormiddleware.dialect</c> (outside the reserved <c>error.*</c> namespace).
/// </summary>
internal sealed class ErrorMetrics
{
    public const string MeterName = "ErrorMiddleware";
    public const string ErrorsCounterName = "errormiddleware.errors";
    public const string DialectTag = "errormiddleware.dialect";

    private readonly Counter<long> _errors;

    public ErrorMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _errors = meter.CreateCounter<long>(ErrorsCounterName, unit: "{error}", description: "Errors written by ErrorMiddleware.");
    }

    public void ErrorWritten(HttpContext context, int statusCode, string code, string dialect)
    {
        if (!_errors.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "error.type", code },
            { "http.response.status_code", statusCode },
            { DialectTag, dialect },
        };
        if (RequestRoute.Of(context) is { } route)
        {
            tags.Add("http.route", route);
        }

        _errors.Add(1, tags);
    }
}

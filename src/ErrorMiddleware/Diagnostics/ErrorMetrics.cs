using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ErrorMiddleware;

/// <summary>
/// The <c>ErrorMiddleware</c> meter: the counter <c>errormiddleware.errors</c>, one increment per error written,
/// tagged with <c>http.response.status_code</c>, <c>error.code</c> and <c>error.dialect</c>.
/// </summary>
internal sealed class ErrorMetrics
{
    public const string MeterName = "ErrorMiddleware";
    public const string ErrorsCounterName = "errormiddleware.errors";

    private readonly Counter<long> _errors;

    public ErrorMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _errors = meter.CreateCounter<long>(ErrorsCounterName, unit: "{error}", description: "Errors written by ErrorMiddleware.");
    }

    public void ErrorWritten(int statusCode, string code, string dialect)
    {
        if (!_errors.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "http.response.status_code", statusCode },
            { "error.code", code },
            { "error.dialect", dialect },
        };
        _errors.Add(1, tags);
    }
}

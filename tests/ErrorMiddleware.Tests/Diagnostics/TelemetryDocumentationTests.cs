using System.Reflection;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Diagnostics;

/// <summary>docs/reference.md lists every log event id, instrument and tag the library records.</summary>
public sealed class TelemetryDocumentationTests
{
    private static readonly string s_reference = File.ReadAllText(RepoPaths.Combine("docs", "reference.md"));

    public static TheoryData<int, string> LogEvents()
    {
        var data = new TheoryData<int, string>();
        var methods = typeof(ErrorMetrics).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>();
        foreach (var attribute in methods)
        {
            data.Add(attribute.EventId, attribute.EventName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LogEvents))]
    public void ReferenceDoc_EveryLogEvent_IsListedWithItsId(int eventId, string eventName)
    {
        // Assert
        Assert.Contains($"| {eventId} | `{eventName}` |", s_reference, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ErrorMetrics.MeterName)]
    [InlineData(ErrorMetrics.ErrorsCounterName)]
    [InlineData(ErrorMetrics.DialectTag)]
    [InlineData("http.response.status_code")]
    [InlineData("http.route")]
    [InlineData("error.type")]
    [InlineData("http.server.request.duration")]
    [InlineData(ExceptionHandlingMetrics.MeterName)]
    [InlineData(ExceptionHandlingMetrics.CounterName)]
    [InlineData("aspnetcore.diagnostics.exception.result")]
    [InlineData("aspnetcore.diagnostics.handler.type")]
    [InlineData(ServerErrorTelemetry.HandledExceptionEventName)]
    public void ReferenceDoc_EveryInstrumentTagAndEvent_IsListed(string name)
    {
        // Assert
        Assert.Contains($"`{name}`", s_reference, StringComparison.Ordinal);
    }
}

using ErrorMiddleware.Tests.Streaming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Reliability;

/// <summary>
/// Issue 9, item 7: one mid-stream failure is one log line at Error (no Warning beside it, no second stack trace) and
/// one count, also when <c>OnError</c> throws on the started stream, which still ends with the fallback event.
/// </summary>
public sealed class EventStreamLoggingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EventStream_FailsMidStream_OneErrorEventOneErrorLogOneCount(bool onErrorThrows)
    {
        // Arrange
        await using var app = await ReliabilityApp.StartAsync(
            a => a.MapGet("/stream", async (HttpContext context) =>
            {
                await context.Response.StartEventStreamAsync();
                await context.Response.WriteEventAsync("{\"n\":0}");
                throw new InvalidOperationException("the original");
            }),
            o =>
            {
                if (onErrorThrows)
                {
                    o.OnError = (_, _) => throw new InvalidOperationException("OnError bug");
                }
            });

        // Act
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await app.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var body = await response.Content.ReadAsStringAsync(cancel.Token);

        // Assert
        var events = SseEvents.Parse(body);
        Assert.Equal(2, events.Count);
        Assert.Equal(530003, SseEvents.Json(events[1]).GetProperty("code").GetInt32());
        await app.Outcomes.WaitForAsync("/stream", TimeSpan.FromSeconds(10));
        await Task.Delay(50);
        app.AssertLoggedOnceAtError(e => e.Message == "the original", "/stream");
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Empty(app.Logs.For("WriteFailedAfterStart"));
        var libraryErrors = app.ErrorEntries().Where(e => e.Category.StartsWith("ErrorMiddleware", StringComparison.Ordinal)).ToList();
        Assert.Equal(onErrorThrows ? 2 : 1, libraryErrors.Count); // with a throwing OnError: the original, and the callback's own failure
        Assert.Equal(1, app.ErrorCount);
    }
}

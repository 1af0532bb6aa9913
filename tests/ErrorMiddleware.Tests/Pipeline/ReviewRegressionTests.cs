using ErrorMiddleware.Tests.Streaming;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Pipeline;

/// <summary>Regressions found by the maintainer review of the redesign.</summary>
public class ReviewRegressionTests
{
    [Fact]
    public async Task Override_DocumentedRowThrownAsIs_StillReplacedByTheOverride()
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/row", () => { throw new ApiException(ErrorCodes.Business.QuotaFreezeFailed); }),
            o => o.BusinessCodeOverrides[ErrorKind.QuotaExceeded] = new ErrorCodeOverride { Code = "402777", Message = "Top up." });

        using var response = await app.Client.GetAsync("/row");

        var body = await ErrorAssert.BusinessAsync(response, 402, 402777);
        Assert.Equal("Top up.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task OnError_SetsANonErrorStatus_TheFallbackBodyIsWritten()
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/quota", () => { throw new QuotaExceededException(); }),
            o => o.OnError = (context, _) =>
            {
                context.Error = context.Error with { StatusCode = 200 };
                return ValueTask.CompletedTask;
            });

        using var response = await app.Client.GetAsync("/quota");

        var body = await ErrorAssert.ErrorAsync(response, 500);
        Assert.Equal(530003, body.GetProperty("code").GetInt32());
        Assert.Single(app.Logs.For("WriteFailed"));
    }

    [Fact]
    public async Task OnError_OnAStartedEventStream_KnowsItAndTheStreamStillEndsWithOneErrorEvent()
    {
        // Arrange
        bool? started = null;
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/stream", async (HttpContext context) =>
            {
                await context.Response.StartEventStreamAsync();
                await context.Response.WriteEventAsync("{\"n\":1}");
                throw new HttpRequestException("upstream down");
            }),
            o => o.OnError = (context, _) =>
            {
                started = context.ResponseHasStarted;
                if (!context.ResponseHasStarted)
                {
                    context.HttpContext.Response.Headers["X-Extra"] = "1";
                }

                context.Error = context.Error with { Message = "Upstream is down, retry later." };
                return ValueTask.CompletedTask;
            });

        // Act
        using var response = await app.Client.GetAsync("/stream");
        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.True(started);
        Assert.Equal(2, events.Count);
        var error = SseEvents.Json(events[1]);
        Assert.Equal(500003, error.GetProperty("code").GetInt32());
        Assert.Equal("Upstream is down, retry later.", error.GetProperty("msg").GetString());
        var logged = Assert.Single(app.Logs.For("StreamErrorWritten"));
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.IsType<HttpRequestException>(logged.Exception);
    }

    [Fact]
    public async Task OnError_ThrowsOnAStartedEventStream_TheStreamEndsWithTheFallbackEvent()
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/stream", async (HttpContext context) =>
            {
                await context.Response.StartEventStreamAsync();
                throw new QuotaExceededException();
            }),
            o => o.OnError = (_, _) => throw new InvalidOperationException("callback bug"));

        using var response = await app.Client.GetAsync("/stream");
        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());

        var error = SseEvents.Json(Assert.Single(events));
        Assert.Equal(530003, error.GetProperty("code").GetInt32());
        Assert.Single(app.Logs.For("WriteFailed"));
        Assert.Empty(app.Logs.For("WriteFailedAfterStart"));
    }

    [Fact]
    public void MapToAKindThatCannotBeThrown_FailsWhenMapped()
    {
        var options = new ApiErrorsOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.Map<FormatException>(ErrorKind.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Map<FormatException>(ErrorKind.Custom));
    }

    [Fact]
    public async Task ProblemDetailsInstance_HugePath_IsCapped()
    {
        await using var app = await TestApp.StartAsync(_ => { }, o => o.Dialect = ErrorDialect.ProblemDetails);

        using var response = await app.Client.GetAsync("/" + new string('a', 5000));

        var body = await ErrorAssert.ProblemAsync(response, 404, 404000);
        Assert.True(body.GetProperty("instance").GetString()!.Length < 300);
    }
}

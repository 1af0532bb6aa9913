using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Streaming;

/// <summary>
/// A failure after a <c>text/event-stream</c> response started ends the stream with one error event in the dialect;
/// before it starts, the failure is an ordinary error response; any other started response is aborted.
/// </summary>
public sealed class StreamingErrorTests
{
    public static TheoryData<ErrorDialect> Dialects => new() { ErrorDialect.BusinessCode, ErrorDialect.Wanqing, ErrorDialect.ProblemDetails };

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task MinimalApiEventStream_ThrowsAfterFirstEvent_EndsWithOneErrorEventInDialect(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await TestApp.StartAsync(a => a.MapGet("/stream", async (HttpContext context) =>
        {
            await context.Response.StartEventStreamAsync();
            await context.Response.WriteEventAsync("{\"n\":1}");
            throw new QuotaExceededException();
        }), o => o.Dialect = dialect);

        // Act
        using var response = await app.Client.GetAsync("/stream");
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = SseEvents.Parse(body);
        Assert.Equal(2, events.Count);
        Assert.Equal(1, SseEvents.Json(events[0]).GetProperty("n").GetInt32());
        var error = SseEvents.Json(events[1]);
        switch (dialect)
        {
            case ErrorDialect.Wanqing:
                Assert.Equal("Forbidden.InsufficientBalance", error.GetProperty("error").GetProperty("code").GetString());
                Assert.Equal("insufficient_quota", error.GetProperty("error").GetProperty("type").GetString());
                break;
            case ErrorDialect.ProblemDetails:
                Assert.Equal(402000, error.GetProperty("code").GetInt32());
                Assert.Equal(402, error.GetProperty("status").GetInt32());
                break;
            default:
                Assert.Equal(402000, error.GetProperty("code").GetInt32());
                Assert.Equal("Quota freeze failed", error.GetProperty("msg").GetString());
                break;
        }

        Assert.Single(app.Logs.For("StreamErrorWritten"));
        Assert.Empty(app.Logs.For("ResponseStarted"));
    }

    [Fact]
    public async Task TypedResultsServerSentEvents_ThrowsMidStream_EndsWithErrorEventOfEndpointDialect()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(a => a.MapGet("/v1/stream", () => TypedResults.ServerSentEvents(Chunks(failAfter: 2)))
            .WithErrorDialect(ErrorDialect.Wanqing));

        // Act
        using var response = await app.Client.GetAsync("/v1/stream");
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = SseEvents.Parse(body);
        Assert.Equal(["chunk-0", "chunk-1"], events.Take(2));
        Assert.Equal(3, events.Count);
        var error = SseEvents.Json(events[2]).GetProperty("error");
        Assert.Equal("InternalServerError", error.GetProperty("code").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("The request processing has failed due to some unknown error.", error.GetProperty("message").GetString());
        Assert.DoesNotContain("model crashed", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypedResultsServerSentEvents_ThrowsBeforeFirstEvent_IsOrdinaryErrorResponse()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(a => a.MapGet("/stream", () => TypedResults.ServerSentEvents(Chunks(failAfter: 0, quota: true))));

        // Act
        using var response = await app.Client.GetAsync("/stream");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 402, 402000);
        Assert.Equal("Quota freeze failed", body.GetProperty("msg").GetString());
        Assert.Empty(app.Logs.For("StreamErrorWritten"));
    }

    [Fact]
    public async Task ManualEventStream_ThrowsBeforeStart_IsOrdinaryErrorResponse()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(a => a.MapGet("/v1/stream", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await Task.Yield();
            if (!context.Request.Headers.ContainsKey("Authorization"))
            {
                throw new ApiException(ErrorKind.AuthenticationMissing);
            }

            await context.Response.StartEventStreamAsync();
        }).WithErrorDialect(ErrorDialect.Wanqing));

        // Act
        using var response = await app.Client.GetAsync("/v1/stream");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 401, "Unauthorized");
        Assert.Equal("AUTH_INFO missing", error.GetProperty("message").GetString());
        Assert.Equal("false", response.Headers.GetValues("x-should-retry").Single());
    }

    [Fact]
    public async Task EventStream_ThrowsInTheMiddleOfAnEvent_ErrorEventStillArrivesOnItsOwn()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(a => a.MapGet("/stream", async (HttpContext context) =>
        {
            await context.Response.StartEventStreamAsync();
            await context.Response.WriteAsync("data: {\"partial\":");
            await context.Response.Body.FlushAsync();
            throw new InvalidOperationException("boom");
        }), o => o.Dialect = ErrorDialect.Wanqing);

        // Act
        using var response = await app.Client.GetAsync("/stream");
        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(2, events.Count);
        Assert.Equal("{\"partial\":", events[0]);
        Assert.Equal("InternalServerError", SseEvents.Json(events[1]).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task EventStream_MessageWithLineBreaks_ErrorEventIsOneDataLine()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(a => a.MapGet("/stream", async (HttpContext context) =>
        {
            await context.Response.StartEventStreamAsync();
            throw new ValidationFailedException("prompt", "line one\nline two\r\ndata: injected");
        }), o => o.Dialect = ErrorDialect.Wanqing);

        // Act
        using var response = await app.Client.GetAsync("/stream");
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        var dataLines = body.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).ToList();
        Assert.Single(dataLines);
        var error = SseEvents.Json(SseEvents.Parse(body).Single()).GetProperty("error");
        Assert.Equal("line one\nline two\r\ndata: injected", error.GetProperty("message").GetString());
        Assert.Equal("prompt", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task EventStream_OverKestrel_ClientReadsErrorEventAndACleanEnd()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(a => a.MapGet("/stream", async (HttpContext context) =>
        {
            await context.Response.StartEventStreamAsync();
            await context.Response.WriteEventAsync("{\"n\":1}");
            throw new RateLimitExceededException(TimeSpan.FromSeconds(5));
        }), o => o.Dialect = ErrorDialect.BusinessCode, kestrel: true);

        // Act
        using var response = await app.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var body = await response.Content.ReadAsStringAsync(cancel.Token);

        // Assert
        var events = SseEvents.Parse(body);
        Assert.Equal(2, events.Count);
        Assert.Equal(130005, SseEvents.Json(events[1]).GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StartedNonEventStreamResponse_Throws_ClientSeesBrokenConnectionNotTruncatedSuccess(bool withContentLength)
    {
        // Arrange
        await using var app = await TestApp.StartAsync(a => a.MapGet("/download", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            if (withContentLength)
            {
                context.Response.ContentLength = 1000;
            }

            await context.Response.WriteAsync("{\"items\":[1,2,3");
            await context.Response.Body.FlushAsync();
            throw new InvalidOperationException("boom");
        }), kestrel: true);

        // Act: the abort resets the connection, so the client fails while reading the headers or the body.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var response = await app.Client.GetAsync("/download", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
            await stream.CopyToAsync(Stream.Null, cancel.Token);
        });

        // Assert
        Assert.True(failure is HttpRequestException or IOException, $"Expected a broken connection, got {failure?.GetType().Name ?? "a complete response"}.");
        Assert.False(cancel.IsCancellationRequested, "The client waited for the timeout instead of seeing the connection break.");
        Assert.Single(app.Logs.For("ResponseStarted"));
        Assert.Empty(app.Logs.For("StreamErrorWritten"));
    }

    [Fact]
    public async Task EventStream_ClientDisconnects_NoErrorEventAndNoServerError()
    {
        // Arrange
        var endpointEnded = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await TestApp.StartAsync(a => a.MapGet("/stream", async (HttpContext context) =>
        {
            await context.Response.StartEventStreamAsync();
            try
            {
                for (var i = 0; i < 200; i++)
                {
                    await context.Response.WriteEventAsync("{\"n\":" + i + "}", context.RequestAborted);
                    await Task.Delay(50, context.RequestAborted);
                }
            }
            finally
            {
                endpointEnded.TrySetResult(context.RequestAborted.IsCancellationRequested);
            }
        }), kestrel: true);
        var handler = new SocketsHttpHandler { MaxResponseDrainSize = 0 };
        using var client = new HttpClient(handler) { BaseAddress = app.Client.BaseAddress };

        // Act: read the first event, then hang up.
        using (var response = await client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64];
            Assert.True(await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10)) > 0);
        }

        // Assert: the endpoint saw the abort long before its 10 s of events were over, and nothing was reported as an error.
        Assert.True(await endpointEnded.Task.WaitAsync(TimeSpan.FromSeconds(8)), "The endpoint ended without seeing the client go away.");
        await Task.Delay(200);
        Assert.Empty(app.Logs.For("StreamErrorWritten"));
        Assert.Empty(app.Logs.For("ResponseStarted"));
        Assert.Empty(app.Logs.For("ServerError"));
        Assert.Empty(app.Logs.For("WriteFailed"));
    }

    [Fact]
    public async Task WriteErrorEventAsync_StreamStarted_EndsStreamWithErrorEvent()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(a => a.MapGet("/stream", async (HttpContext context) =>
        {
            await context.Response.StartEventStreamAsync();
            try
            {
                throw new ApiException(ErrorKind.UpstreamError);
            }
            catch (ApiException exception)
            {
                await context.WriteErrorEventAsync(exception);
            }
        }), o => o.Dialect = ErrorDialect.Wanqing);

        // Act
        using var response = await app.Client.GetAsync("/stream");
        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bad Gateway", SseEvents.Json(events.Single()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task WriteErrorEventAsync_NothingSentYet_WritesOrdinaryErrorResponse()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(a => a.MapGet("/stream", (HttpContext context) =>
            context.WriteErrorEventAsync(new QuotaExceededException())));

        // Act
        using var response = await app.Client.GetAsync("/stream");

        // Assert
        await ErrorAssert.BusinessAsync(response, 402, 402000);
    }

    [Fact]
    public async Task StartEventStreamAsync_SetsEventStreamHeadersAndSendsThem()
    {
        // Arrange
        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await TestApp.StartAsync(a => a.MapGet("/stream", async (HttpContext context) =>
        {
            await context.Response.StartEventStreamAsync();
            started.SetResult(context.Response.HasStarted);
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await context.Response.WriteEventAsync("a\nb");
        }), kestrel: true);

        // Act: the headers arrive before the endpoint writes any event.
        using var response = await app.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult();
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.True(await started.Task);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("data: a\ndata: b\n\n", body);
        Assert.Equal("a\nb", SseEvents.Parse(body).Single());
    }

    private static async IAsyncEnumerable<string> Chunks(int failAfter, bool quota = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; ; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            if (i == failAfter)
            {
                throw quota ? new QuotaExceededException() : new InvalidOperationException("model crashed");
            }

            yield return "chunk-" + i;
        }
    }
}

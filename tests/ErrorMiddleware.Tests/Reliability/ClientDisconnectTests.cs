using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Reliability;

/// <summary>
/// Issue 9, faults: a client that closes its socket mid-request or mid-stream is not a server fault. Nothing is
/// written, the library logs it at Debug only (499), the request ends as 499 where the status can still be set, and
/// the errors counter does not move.
/// </summary>
public sealed class ClientDisconnectTests
{
    [Theory]
    [InlineData("/read")]
    [InlineData("/wait")]
    public async Task ClientClosesSocket_MidRequest_Recorded499DebugOnlyNothingWritten(string path)
    {
        // Arrange
        var handlerEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await ReliabilityApp.StartAsync(a =>
        {
            a.MapPost("/read", async (HttpContext context) =>
            {
                handlerEntered.TrySetResult();
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
                return "read";
            });
            a.MapPost("/wait", async (HttpContext context) =>
            {
                handlerEntered.TrySetResult();
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                return "waited";
            });
        });

        // Act: headers announce 1000 bytes, 10 are sent, then the socket is closed.
        using (var socket = await ConnectAsync(app))
        {
            var head = $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"name\":\"a";
            await socket.SendAsync(Encoding.ASCII.GetBytes(head));
            await handlerEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }

        // Assert
        var outcome = await app.Outcomes.WaitForAsync(path, TimeSpan.FromSeconds(15));
        await Task.Delay(100);
        Assert.True(outcome.StatusCode == 499, $"Expected 499, got {outcome.StatusCode}. Logged: " + string.Join("; ", app.Logs.Entries.Where(e => e.Level >= LogLevel.Debug).Select(e => $"{e.EventId.Name} {e.Level}: {e.Exception?.GetType().FullName}: {e.Exception?.Message}")));
        Assert.False(outcome.HasStarted);
        Assert.Null(outcome.Escaped);
        AssertDebugOnly(app);
    }

    [Fact]
    public async Task ClientClosesSocket_MidStream_DebugOnlyNoErrorEventNotCounted()
    {
        // Arrange: the endpoint does not catch the cancellation; it reaches the error middleware.
        await using var app = await ReliabilityApp.StartAsync(a => a.MapGet("/stream", async (HttpContext context) =>
        {
            await context.Response.StartEventStreamAsync(context.RequestAborted);
            for (var i = 0; i < 600; i++)
            {
                await context.Response.WriteEventAsync("{\"n\":" + i + "}", context.RequestAborted);
                await Task.Delay(50, context.RequestAborted);
            }
        }));

        // Act: read the first event, then close the socket.
        string received;
        using (var socket = await ConnectAsync(app))
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"));
            var buffer = new byte[4096];
            var builder = new StringBuilder();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!builder.ToString().Contains("data: {\"n\":0}", StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer, cancel.Token);
                Assert.True(read > 0, "The server closed the stream before its first event.");
                builder.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }

            received = builder.ToString();
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }

        // Assert: the status on the wire was 200 and stays so; the log says 499, at Debug.
        Assert.StartsWith("HTTP/1.1 200", received, StringComparison.Ordinal);
        var outcome = await app.Outcomes.WaitForAsync("/stream", TimeSpan.FromSeconds(15));
        await Task.Delay(100);
        Assert.True(outcome.HasStarted);
        Assert.Null(outcome.Escaped);
        Assert.NotEmpty(app.Logs.For("ClientClosedRequest"));
        Assert.Empty(app.Logs.For("StreamErrorWritten"));
        AssertDebugOnly(app);
    }

    private static async Task<Socket> ConnectAsync(ReliabilityApp app)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", app.BaseAddress.Port);
        return socket;
    }

    private static void AssertDebugOnly(ReliabilityApp app)
    {
        // Kestrel's own connection diagnostics are left out: after a reset it may log, at Error, that it could not
        // drain the request body (RequestBodyDrainBodyReaderInvalidState), which no middleware can prevent.
        var loud = app.Logs.Entries.Where(e => e.Level >= LogLevel.Warning && !e.Category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal)).ToList();
        Assert.True(loud.Count == 0, "Logged above Debug: " + string.Join("; ", loud.Select(e => $"{e.Category} {e.EventId.Name} {e.Level}: {e.Message}")));
        var library = app.Logs.Entries.Where(e => e.Category.StartsWith("ErrorMiddleware", StringComparison.Ordinal) && e.Level > LogLevel.Debug).ToList();
        Assert.Empty(library);
        Assert.Equal(0, app.ErrorCount);
    }
}

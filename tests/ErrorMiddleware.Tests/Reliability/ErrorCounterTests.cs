using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Reliability;

/// <summary>
/// Issue 9, item 4: every server fault is in the Error log and in <c>errormiddleware.errors</c> exactly once, however
/// the writing of its error went — a throwing <c>OnError</c>, a started response, a throwing mapping, a detail value
/// that cannot be written.
/// </summary>
public sealed class ErrorCounterTests
{
    [Fact]
    public async Task ErrorsCounter_FourKindsOfFailureInTheErrorPath_MovesExactlyOncePerFailure()
    {
        // Arrange
        await using var app = await StartAsync();

        // Act + Assert: after each failure the counter moved by exactly one more.
        using (var boom = await app.Client.GetAsync("/boom"))
        {
            await AssertFallbackAsync(boom);
        }

        await WaitForCountAsync(app, 1);
        await AssertBrokenAsync(app, "/started");
        await WaitForCountAsync(app, 2);
        using (var mapped = await app.Client.GetAsync("/mapped"))
        {
            Assert.Equal(500, (int)mapped.StatusCode);
            Assert.Equal(530003, JsonDocument.Parse(await mapped.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        }

        await WaitForCountAsync(app, 3);
        using (var details = await app.Client.GetAsync("/details"))
        {
            await AssertFallbackAsync(details);
        }

        await WaitForCountAsync(app, 4);

        // Assert: nothing else was counted, each counted as the 500 it became, each original logged once.
        await Task.Delay(200);
        var measurements = app.Errors.GetMeasurementSnapshot();
        Assert.Equal(4, measurements.Count);
        Assert.All(measurements, m =>
        {
            Assert.Equal(1, m.Value);
            Assert.Equal(500, Convert.ToInt32(m.Tags["http.response.status_code"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("530003", m.Tags["error.type"]);
            Assert.Equal("BusinessCode", m.Tags["errormiddleware.dialect"]);
        });
        foreach (var origin in new[] { "/boom", "/started", "/mapped", "/details" })
        {
            app.AssertLoggedOnceAtError(e => e.Message == "the original at " + origin, origin);
        }
    }

    [Theory]
    [InlineData("/boom")]
    [InlineData("/started")]
    [InlineData("/mapped")]
    [InlineData("/details")]
    public async Task ErrorsCounter_OneFailureInTheErrorPath_MovesOnceAndLogsTheOriginalOnce(string path)
    {
        // Arrange
        await using var app = await StartAsync();

        // Act
        if (path == "/started")
        {
            await AssertBrokenAsync(app, path);
        }
        else
        {
            using var response = await app.Client.GetAsync(path);
            Assert.Equal(500, (int)response.StatusCode);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(response.Headers.Contains("X-Request-Id"));
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(530003, body.RootElement.GetProperty("code").GetInt32());
        }

        // Assert
        await app.Outcomes.WaitForAsync(path, TimeSpan.FromSeconds(10));
        await WaitForCountAsync(app, 1);
        await Task.Delay(100);
        Assert.Equal(1, app.ErrorCount);
        app.AssertLoggedOnceAtError(e => e.Message == "the original at " + path, path);
    }

    private static Task<ReliabilityApp> StartAsync() => ReliabilityApp.StartAsync(
        a =>
        {
            a.MapGet("/boom", string () => throw new InvalidOperationException("the original at /boom"));
            a.MapGet("/started", async (HttpContext context) =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"items\":[1,2");
                await context.Response.Body.FlushAsync();
                throw new InvalidOperationException("the original at /started");
            });
            a.MapGet("/mapped", string () => throw new FormatException("the original at /mapped"));
            a.MapGet("/details", string () => throw new ApiException(ErrorKind.NotFound, "the original at /details")
            {
                Details = new Dictionary<string, object?> { ["resource"] = new UnprintableValue() },
            });
        },
        o =>
        {
            o.Map<FormatException>(_ => throw new NotSupportedException("mapper bug"));
            o.OnError = (context, _) => context.HttpContext.Request.Path == "/boom"
                ? throw new InvalidOperationException("OnError bug")
                : ValueTask.CompletedTask;
        });

    private static async Task AssertFallbackAsync(HttpResponseMessage response)
    {
        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(530003, body.RootElement.GetProperty("code").GetInt32());
    }

    /// <summary>A started response that fails is aborted: the client sees a broken connection.</summary>
    private static async Task AssertBrokenAsync(ReliabilityApp app, string path)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var response = await app.Client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
            await stream.CopyToAsync(Stream.Null, cancel.Token);
        });
        Assert.True(failure is HttpRequestException or IOException, $"Expected a broken connection, got {failure?.GetType().Name ?? "a complete response"}.");
    }

    /// <summary>The counter is incremented on the server's side of the exchange; give it the moment it may need.</summary>
    private static async Task WaitForCountAsync(ReliabilityApp app, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (app.ErrorCount < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(expected, app.ErrorCount);
    }

    /// <summary>A detail value whose text cannot be produced.</summary>
    private sealed class UnprintableValue
    {
        public override string ToString() => throw new FormatException("ToString bug");
    }
}

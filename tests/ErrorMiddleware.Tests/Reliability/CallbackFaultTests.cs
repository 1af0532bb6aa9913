using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.RateLimiting;
using ErrorMiddleware.Tests.Streaming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Reliability;

/// <summary>
/// Issue 9, faults: every callback and hook the library calls throws, over Kestrel. The client still gets a
/// well-formed error (or the dialect's fixed fallback body), the original failure is logged once at Error (and no
/// exception twice), and <c>errormiddleware.errors</c> moves once.
/// </summary>
public sealed class CallbackFaultTests
{
    private const string Original = "the original";
    private const string Key = "sk-faults-0001";

    [Fact]
    public async Task Map_Throws_DocumentedErrorOriginalLoggedOnceCountedOnce()
    {
        // Arrange
        await using var app = await ReliabilityApp.StartAsync(
            a => a.MapGet("/fail", string () => throw new InvalidOperationException(Original)),
            o => o.Map<InvalidOperationException>(_ => throw new FormatException("mapping bug")));

        // Act
        using var response = await app.Client.GetAsync("/fail");

        // Assert
        await AssertBusinessAsync(response, 500, 530003);
        await AssertOneFailureAsync(app, "/fail", e => e is InvalidOperationException { Message: Original });
        Assert.Single(app.Logs.For("ExceptionMappingFailed"));
    }

    [Fact]
    public async Task OnError_Throws_FallbackBodyOriginalLoggedOnceCountedOnce()
    {
        // Arrange
        await using var app = await ReliabilityApp.StartAsync(
            a => a.MapGet("/fail", string () => throw new InvalidOperationException(Original)),
            o => o.OnError = (_, _) => throw new InvalidOperationException("OnError bug"));

        // Act
        using var response = await app.Client.GetAsync("/fail");

        // Assert
        await AssertBusinessAsync(response, 500, 530003);
        await AssertOneFailureAsync(app, "/fail", e => e.Message == Original);
        Assert.Equal("OnError bug", Assert.Single(app.Logs.For("WriteFailed")).Exception!.Message);
    }

    [Fact]
    public async Task IncludeExceptionDetailsPredicate_Throws_FallbackBodyOriginalLoggedOnceCountedOnce()
    {
        // Arrange
        await using var app = await ReliabilityApp.StartAsync(
            a => a.MapGet("/fail", string () => throw new InvalidOperationException(Original)),
            o => o.IncludeExceptionDetails = (_, _) => throw new InvalidOperationException("predicate bug"));

        // Act
        using var response = await app.Client.GetAsync("/fail");
        var text = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.DoesNotContain(Original, text, StringComparison.Ordinal);
        await AssertOneFailureAsync(app, "/fail", e => e.Message == Original);
        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal(530003, JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task IncludeExceptionDetailsPredicate_ThrowsOnAStartedEventStream_TheStreamEndsWithTheFallbackEvent()
    {
        // Arrange
        await using var app = await ReliabilityApp.StartAsync(
            a => a.MapGet("/stream", async (HttpContext context) =>
            {
                await context.Response.StartEventStreamAsync();
                await context.Response.WriteEventAsync("{\"n\":0}");
                throw new InvalidOperationException(Original);
            }),
            o => o.IncludeExceptionDetails = (_, _) => throw new InvalidOperationException("predicate bug"));

        // Act
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await app.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var body = await response.Content.ReadAsStringAsync(cancel.Token);

        // Assert
        var events = SseEvents.Parse(body);
        Assert.Equal(2, events.Count);
        Assert.Equal(530003, SseEvents.Json(events[1]).GetProperty("code").GetInt32());
        await AssertOneFailureAsync(app, "/stream", e => e.Message == Original);
    }

    [Fact]
    public async Task QuotaFreeze_Throws_DocumentedErrorNothingChargedOriginalLoggedOnce()
    {
        // Arrange
        await using var app = await StartQuotaAppAsync("freeze");

        // Act
        using var response = await PostAsync(app, "/paid");

        // Assert
        await AssertBusinessAsync(response, 500, 530003);
        await AssertOneFailureAsync(app, "/paid", e => e.Message == FaultyQuotaService.Message);
        AssertBalance(app, total: 10, available: 10);
    }

    [Theory]
    [InlineData("/paid-no-content", 204)]
    [InlineData("/paid", 200)]
    public async Task QuotaCommit_Throws_ResponseStandsFailureLoggedOnceFreezeReleasedNotCharged(string path, int status)
    {
        // Arrange
        await using var app = await StartQuotaAppAsync("commit");

        // Act: the work was done and the response produced; turning it into an error would invite a retry.
        using var response = await PostAsync(app, path);
        await response.Content.ReadAsStringAsync();

        // Assert: not charged, and the freeze did not outlive the request.
        Assert.Equal(status, (int)response.StatusCode);
        await app.Outcomes.WaitForAsync(path, TimeSpan.FromSeconds(10));
        var logged = Assert.Single(app.Logs.For("QuotaSettleFailed"));
        Assert.Equal(FaultyQuotaService.Message, logged.Exception?.Message);
        Assert.Empty(app.Logs.For("ServerError"));
        Assert.Equal(0, app.ErrorCount);
        AssertBalance(app, total: 10, available: 10);
    }

    [Fact]
    public async Task QuotaRelease_ThrowsAfterTheHandlerThrew_TheHandlersErrorAndFailureAreWhatTheClientAndLogSee()
    {
        // Arrange
        await using var app = await StartQuotaAppAsync("release");

        // Act
        using var response = await PostAsync(app, "/paid-throws");

        // Assert
        await AssertBusinessAsync(response, 500, 530003);
        await AssertOneFailureAsync(app, "/paid-throws", e => e.Message == Original);
        Assert.Single(app.Logs.For("QuotaSettleFailed"));
    }

    [Fact]
    public async Task QuotaRelease_ThrowsAfterAnErrorResult_TheClientStillGetsTheResultsError()
    {
        // Arrange
        await using var app = await StartQuotaAppAsync("release");

        // Act
        using var response = await PostAsync(app, "/paid-not-found");

        // Assert
        await AssertBusinessAsync(response, 404, 404000);
        await app.Outcomes.WaitForAsync("/paid-not-found", TimeSpan.FromSeconds(10));
        Assert.Single(app.Logs.For("QuotaSettleFailed"));
        Assert.Empty(app.Logs.For("ServerError"));
        Assert.Equal(1, app.ErrorCount);
    }

    [Fact]
    public async Task ApiKeyStore_Throws_ServerFaultNotAnAuthenticationFailure()
    {
        // Arrange
        await using var app = await ReliabilityApp.StartAsync(
            a =>
            {
                a.UseAuthentication();
                a.MapGet("/secure", () => "ok");
            },
            configureServices: services =>
            {
                services.AddSingleton<IApiKeyStore>(new ThrowingApiKeyStore());
                services.AddAuthentication(ApiKeyAuthenticationDefaults.AuthenticationScheme).AddApiKeyAuthentication();
            });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/secure");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        // Act
        using var response = await app.Client.SendAsync(request);

        // Assert
        await AssertBusinessAsync(response, 500, 530003);
        await AssertOneFailureAsync(app, "/secure", e => e.Message == ThrowingApiKeyStore.Message);
    }

    [Theory]
    [InlineData("/limited-metadata", FaultyRateLimiter.Message)]
    [InlineData("/limited-partitioner", "the original: partitioner bug")]
    public async Task RateLimiterHook_Throws_DocumentedErrorOriginalLoggedOnceCountedOnce(string path, string original)
    {
        // Arrange
        await using var app = await ReliabilityApp.StartAsync(
            a =>
            {
                a.UseRateLimiter();
                a.MapGet("/limited-metadata", () => "ok").RequireRateLimiting("metadata");
                a.MapGet("/limited-partitioner", () => "ok").RequireRateLimiting("partitioner");
            },
            configureServices: services => services.AddRateLimiter(o =>
            {
                o.AddPolicy("metadata", _ => RateLimitPartition.Get("all", _ => new FaultyRateLimiter()));
                o.AddPolicy("partitioner", RateLimitPartition<string> (HttpContext _) => throw new InvalidOperationException("the original: partitioner bug"));
            }));

        // Act
        using var response = await app.Client.GetAsync(path);

        // Assert
        await AssertBusinessAsync(response, 500, 530003);
        await AssertOneFailureAsync(app, path, e => e.Message == original);
    }

    [Theory]
    [InlineData("/fail", Original)]
    [InlineData("/missing", FaultyDialect.Message)]
    public async Task DialectWriteBody_Throws_TheDialectsFixedFallbackFailureLoggedOnceCountedOnce(string path, string loggedFailure)
    {
        // Arrange
        await using var app = await ReliabilityApp.StartAsync(
            a =>
            {
                a.MapGet("/fail", string () => throw new InvalidOperationException(Original));
                a.MapGet("/missing", () => Results.NotFound());
            },
            o =>
            {
                o.AddDialect(new FaultyDialect());
                o.DialectName = "Faulty";
            });

        // Act
        using var response = await app.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("application/vnd.faulty+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"error\":\"Internal server error\"}", text);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.True(response.Headers.Contains("X-Request-Id"));
        await AssertOneFailureAsync(app, path, e => e.Message == loggedFailure);
        var counted = Assert.Single(app.Errors.GetMeasurementSnapshot());
        Assert.Equal("Faulty", counted.Tags["errormiddleware.dialect"]);
    }

    private static Task<ReliabilityApp> StartQuotaAppAsync(string failing) => ReliabilityApp.StartAsync(
        a =>
        {
            a.Services.GetRequiredService<InMemoryQuotaService>().SetBalance("acct-1", 10);
            a.UseAuthentication();
            a.MapPost("/paid", () => "done").RequireQuota(3);
            a.MapPost("/paid-no-content", () => Results.NoContent()).RequireQuota(3);
            a.MapPost("/paid-throws", string () => throw new InvalidOperationException(Original)).RequireQuota(3);
            a.MapPost("/paid-not-found", () => Results.NotFound()).RequireQuota(3);
        },
        configureServices: services =>
        {
            services.AddSingleton<IQuotaService>(sp => new FaultyQuotaService(sp.GetRequiredService<InMemoryQuotaService>(), failing));
            services.AddSingleton<IApiKeyStore>(new InMemoryApiKeyStore().Set(Key, "acct-1"));
            services.AddAuthentication(ApiKeyAuthenticationDefaults.AuthenticationScheme).AddApiKeyAuthentication();
        });

    private static Task<HttpResponseMessage> PostAsync(ReliabilityApp app, string path, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return app.Client.SendAsync(request, completion);
    }

    private static void AssertBalance(ReliabilityApp app, long total, long available)
    {
        var quota = app.Handle.App.Services.GetRequiredService<InMemoryQuotaService>();
        Assert.Equal(total, quota.GetTotal("acct-1"));
        Assert.Equal(available, quota.GetAvailable("acct-1"));
    }

    private static async Task AssertBusinessAsync(HttpResponseMessage response, int status, int code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.Contains("X-Request-Id"));
        using var body = JsonDocument.Parse(text);
        Assert.Equal(code, body.RootElement.GetProperty("code").GetInt32());
    }

    /// <summary>The request is over, its original failure logged once at Error, and the counter moved once.</summary>
    private static async Task AssertOneFailureAsync(ReliabilityApp app, string path, Func<Exception, bool> original)
    {
        await app.Outcomes.WaitForAsync(path, TimeSpan.FromSeconds(10));
        await Task.Delay(50);
        app.AssertLoggedOnceAtError(original, path);
        Assert.Equal(1, app.ErrorCount);
    }

    private sealed class ThrowingApiKeyStore : IApiKeyStore
    {
        public const string Message = "the original: key store down";

        public ValueTask<ApiKeyValidationResult> ValidateAsync(ApiKeyValidationContext context, CancellationToken cancellationToken) =>
            throw new TimeoutException(Message);
    }
}

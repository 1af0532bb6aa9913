using System.Net;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.RateLimiting;

public sealed class RateLimitingTests
{
    private static readonly ExpectedError s_tooMany = new(429, 130005, "Request too frequent", 429, "TooManyRequests", "Too many requests.");
    private static readonly ExpectedError s_busy = new(500, 530002, "Server is busy", 503, "Service Unavailable", "Service Unavailable");

    public static TheoryData<ErrorDialect> AllDialects => new(ExpectedError.Dialects);

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task FixedWindowByApiKey_PermitsUsedUp_Writes429WithWindowAsRetryAfter(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect, o => o.AddFixedWindowLimiterByApiKey("per-key", w =>
        {
            w.PermitLimit = 2;
            w.Window = TimeSpan.FromSeconds(10);
        }), "per-key");

        // Act
        using var first = await GetAsync(app, "key-a");
        using var second = await GetAsync(app, "key-a");
        using var third = await GetAsync(app, "key-a");

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await s_tooMany.AssertAsync(third, dialect);
        Assert.Equal(TimeSpan.FromSeconds(10), third.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task FixedWindowByApiKey_OtherKey_HasItsOwnPermits()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, o => o.AddFixedWindowLimiterByApiKey("per-key", w =>
        {
            w.PermitLimit = 1;
            w.Window = TimeSpan.FromSeconds(30);
        }), "per-key");

        // Act
        using var first = await GetAsync(app, "key-a");
        using var limited = await GetAsync(app, "key-a");
        using var other = await GetAsync(app, "key-b");

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await ErrorAssert.BusinessAsync(limited, 429, 130005);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task PartitionByApiKey_TokenBucket_Writes429WithReplenishmentAsRetryAfter()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.Wanqing, o => o.AddPolicy("bucket", context => ApiRateLimitPartition.PartitionByApiKey(context,
            _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions { TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromSeconds(10) }))), "bucket");

        // Act
        using var first = await GetAsync(app, "key-a");
        using var limited = await GetAsync(app, "key-a");
        using var otherKey = await GetAsync(app, "key-b");

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await s_tooMany.AssertAsync(limited, ErrorDialect.Wanqing);
        Assert.Equal(TimeSpan.FromSeconds(10), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
    }

    [Fact]
    public async Task FixedWindow_WindowAboveSixtySeconds_WanqingRetryAfterIsCapped()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.Wanqing, o => o.AddFixedWindowLimiterByClientId("per-client", w =>
        {
            w.PermitLimit = 1;
            w.Window = TimeSpan.FromMinutes(2);
        }), "per-client");

        // Act
        using var first = await GetAsync(app, key: null);
        using var limited = await GetAsync(app, key: null);

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await s_tooMany.AssertAsync(limited, ErrorDialect.Wanqing);
        Assert.Equal(TimeSpan.FromSeconds(60), limited.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task ServerOverloadPolicy_Rejects_WritesServerBusy(ErrorDialect dialect)
    {
        // Arrange
        var gate = new HoldGate();
        await using var app = await StartAsync(
            dialect,
            o => o.AddConcurrencyLimiter("gpu", c =>
            {
                c.PermitLimit = 1;
                c.QueueLimit = 0;
            }).MarkAsServerOverload("gpu"),
            "gpu",
            gate);

        // Act
        var holding = GetAsync(app, "key-a");
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var rejected = await GetAsync(app, "key-b").WaitAsync(TimeSpan.FromSeconds(10));
        gate.Release.SetResult();
        using var held = await holding.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        await s_busy.AssertAsync(rejected, dialect);
        Assert.Null(rejected.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
    }

    [Fact]
    public async Task ConcurrencyLimiter_NoRetryAfterMetadata_UsesConfiguredFallback()
    {
        // Arrange
        var gate = new HoldGate();
        await using var app = await StartAsync(
            ErrorDialect.BusinessCode,
            o => o.AddConcurrencyLimiter("one-at-a-time", c => c.PermitLimit = 1).SetRetryAfterFallback("one-at-a-time", TimeSpan.FromSeconds(7)),
            "one-at-a-time",
            gate);

        // Act
        var holding = GetAsync(app, "key-a");
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var rejected = await GetAsync(app, "key-b").WaitAsync(TimeSpan.FromSeconds(10));
        gate.Release.SetResult();
        using var held = await holding.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        await s_tooMany.AssertAsync(rejected, ErrorDialect.BusinessCode);
        Assert.Equal(TimeSpan.FromSeconds(7), rejected.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task ConcurrencyLimiter_NoMetadataNoFallback_SaysOneSecond()
    {
        // Arrange
        var gate = new HoldGate();
        await using var app = await StartAsync(
            ErrorDialect.ProblemDetails,
            o => o.AddConcurrencyLimiter("one-at-a-time", c => c.PermitLimit = 1),
            "one-at-a-time",
            gate);

        // Act
        var holding = GetAsync(app, "key-a");
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var rejected = await GetAsync(app, "key-b").WaitAsync(TimeSpan.FromSeconds(10));
        gate.Release.SetResult();
        using var held = await holding.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        await s_tooMany.AssertAsync(rejected, ErrorDialect.ProblemDetails);
        Assert.Equal(TimeSpan.FromSeconds(1), rejected.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task GlobalLimiter_MarkedOverload_WritesServerBusyWhileEndpointPolicyWrites429()
    {
        // Arrange
        await using var app = await StartAsync(
            ErrorDialect.Wanqing,
            o =>
            {
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    context.Request.Headers.ContainsKey("X-Heavy")
                        ? RateLimitPartition.GetFixedWindowLimiter("heavy", _ => new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromSeconds(20) })
                        : RateLimitPartition.GetNoLimiter("light"));
                o.MarkGlobalLimiterAsServerOverload();
                o.AddFixedWindowLimiterByApiKey("per-key", w =>
                {
                    w.PermitLimit = 1;
                    w.Window = TimeSpan.FromSeconds(5);
                });
            },
            "per-key");

        // Act
        using var heavy1 = await GetAsync(app, "key-a", heavy: true);
        using var heavy2 = await GetAsync(app, "key-b", heavy: true);
        using var light = await GetAsync(app, "key-a");

        // Assert
        Assert.Equal(HttpStatusCode.OK, heavy1.StatusCode);
        await s_busy.AssertAsync(heavy2, ErrorDialect.Wanqing);
        Assert.Equal(TimeSpan.FromSeconds(20), heavy2.Headers.RetryAfter?.Delta);
        await s_tooMany.AssertAsync(light, ErrorDialect.Wanqing);
        Assert.Equal(TimeSpan.FromSeconds(5), light.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task QueueLimitAboveZero_QueuedRequest_IsDelayedNotRejected()
    {
        // Arrange
        var gate = new HoldGate();
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 1 });
        await using var app = await StartAsync(
            ErrorDialect.BusinessCode,
            o => o.AddPolicy("queued", _ => RateLimitPartition.Get("one", _ => limiter)).SetRetryAfterFallback("queued", TimeSpan.FromSeconds(3)),
            "queued",
            gate);
        var holding = GetAsync(app, "key-a");
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Act
        var queued = GetAsync(app, "key-b");
        for (var i = 0; i < 250 && limiter.GetStatistics()?.CurrentQueuedCount != 1; i++)
        {
            await Task.Delay(20);
        }

        using var rejected = await GetAsync(app, "key-c").WaitAsync(TimeSpan.FromSeconds(10));
        gate.Release.SetResult();
        using var held = await holding.WaitAsync(TimeSpan.FromSeconds(10));
        using var delayed = await queued.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        await s_tooMany.AssertAsync(rejected, ErrorDialect.BusinessCode);
        Assert.Equal(TimeSpan.FromSeconds(3), rejected.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delayed.StatusCode);
    }

    [Fact]
    public async Task OnRejected_SetByApplication_IsKept()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, o =>
        {
            o.AddFixedWindowLimiter("own", w =>
            {
                w.PermitLimit = 1;
                w.Window = TimeSpan.FromSeconds(10);
            });
            o.OnRejected = async (context, token) =>
            {
                context.HttpContext.Response.StatusCode = 429;
                context.HttpContext.Response.ContentType = "text/plain";
                await context.HttpContext.Response.WriteAsync("slow down", token);
            };
        }, "own");

        // Act
        using var first = await GetAsync(app, "key-a");
        using var rejected = await GetAsync(app, "key-a");

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("slow down", await rejected.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task CustomLimiter_ThrowsRateLimitExceeded_Writes429WithRetryAfter(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/custom", string () => throw new RateLimitExceededException(TimeSpan.FromSeconds(2.2))),
            o => o.Dialect = dialect);

        // Act
        using var response = await app.Client.GetAsync("/custom");

        // Assert
        await s_tooMany.AssertAsync(response, dialect);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public void MarkAsServerOverload_EmptyName_Throws()
    {
        // Arrange
        var options = new RateLimiterOptions();

        // Act & Assert
        Assert.Throws<ArgumentException>(() => options.MarkAsServerOverload(""));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.SetRetryAfterFallback("p", TimeSpan.Zero));
    }

    /// <summary>Lets a test hold a limiter's permit: the handler reports it entered, then waits to be released.</summary>
    private sealed class HoldGate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static Task<HttpResponseMessage> GetAsync(TestAppHandle app, string? key, bool heavy = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/limited");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (heavy)
        {
            request.Headers.Add("X-Heavy", "1");
        }

        return app.Client.SendAsync(request);
    }

    private static Task<TestAppHandle> StartAsync(ErrorDialect dialect, Action<RateLimiterOptions> configure, string policy, HoldGate? hold = null) => TestApp.StartAsync(
        app =>
        {
            app.UseRateLimiter();
            app.MapGet("/limited", async () =>
            {
                if (hold is not null)
                {
                    hold.Entered.TrySetResult();
                    await hold.Release.Task.WaitAsync(TimeSpan.FromSeconds(10));
                }

                return "ok";
            }).RequireRateLimiting(policy);
        },
        o => o.Dialect = dialect,
        services => services.AddRateLimiter(configure));
}

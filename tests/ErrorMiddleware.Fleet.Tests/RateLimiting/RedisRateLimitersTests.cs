using System.Net;
using System.Text.Json;
using ErrorMiddleware.Fleet.Tests.Infrastructure;
using ErrorMiddleware.RateLimiting.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Fleet.Tests.RateLimiting;

public sealed class RedisRateLimitersTests
{
    [FleetFact]
    public async Task FixedWindow_ThreeInstancesOneKey_ExactlyTheLimitPassesAndTheRestGet130005WithTheWindowsRetryAfter()
    {
        // Arrange: three apps sharing Redis, a window of 7 requests per 30 s per API key.
        var policy = "t" + Guid.NewGuid().ToString("N")[..8];
        var apps = new List<WebApplication>();
        for (var i = 0; i < 3; i++)
        {
            apps.Add(await StartAsync(FleetServers.RedisConnection!, o => o.AddPolicy(policy, context =>
                ApiRateLimitPartition.PartitionByApiKey(context, key =>
                    context.RequestServices.GetRequiredService<RedisRateLimiters>().CreateFixedWindow(policy + ":" + key, 7, TimeSpan.FromSeconds(30)))), policy));
        }

        var clients = apps.Select(a => a.GetTestClient()).ToList();

        // Act
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/limited");
            request.Headers.Add("X-Api-Key", "sk-" + policy);
            var response = await clients[i % 3].SendAsync(request);
            return (Response: response, At: DateTimeOffset.UtcNow);
        }));

        // Assert: the window opened before the first accepted answer arrived.
        var passed = responses.Where(r => r.Response.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Equal(7, passed.Count);
        var windowOpenedBy = passed.Min(r => r.At);
        var rejected = responses.Where(r => r.Response.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(23, rejected.Count);
        foreach (var (response, at) in rejected)
        {
            Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, await response.Content.ReadAsStringAsync());
            Assert.Equal(130005, await CodeAsync(response));
            var retryAfter = response.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("no Retry-After");
            var windowLeft = TimeSpan.FromSeconds(30) - (at > windowOpenedBy ? at - windowOpenedBy : TimeSpan.Zero);
            Assert.InRange(retryAfter.TotalSeconds, Math.Floor(windowLeft.TotalSeconds) - 1, Math.Ceiling(windowLeft.TotalSeconds) + 1);
        }

        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }
    }

    [FleetFact]
    public async Task FixedWindow_RetriedAfterItsRetryAfter_Passes()
    {
        // Arrange: one request per 2 s window; the window is spent.
        var policy = "r" + Guid.NewGuid().ToString("N")[..8];
        await using var app = await StartAsync(FleetServers.RedisConnection!, o => o.AddPolicy(policy, context =>
            System.Threading.RateLimiting.RateLimitPartition.Get(policy, key =>
                context.RequestServices.GetRequiredService<RedisRateLimiters>().CreateFixedWindow(key, 1, TimeSpan.FromSeconds(2)))), policy);
        var client = app.GetTestClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/limited")).StatusCode);
        var rejected = await client.GetAsync("/limited");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        var retryAfter = rejected.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("no Retry-After");

        // Act: a client that waits exactly as long as it was told.
        await Task.Delay(retryAfter);
        var retried = await client.GetAsync("/limited");

        // Assert
        Assert.True(retried.StatusCode == HttpStatusCode.OK, $"retried after {retryAfter.TotalSeconds} s: {(int)retried.StatusCode} {await retried.Content.ReadAsStringAsync()}");
    }

    [FleetFact]
    public async Task IdleDuration_NullWhileAPermitIsHeldThenGrowsOnceItIsBack()
    {
        // Arrange
        using var limiters = new RedisRateLimiters(
            Microsoft.Extensions.Options.Options.Create(new RedisRateLimitingOptions { ConnectionString = FleetServers.RedisConnection! }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisRateLimiters>.Instance);
        using var limiter = limiters.CreateConcurrency("idle:" + Guid.NewGuid().ToString("N"), 2);

        // Act
        var lease = await limiter.AcquireAsync();
        var whileHeld = limiter.IdleDuration;
        lease.Dispose();
        await Task.Delay(300);
        var afterwards = limiter.IdleDuration;

        // Assert: a partition idle long enough can be evicted by the partitioned limiter (its state lives in Redis).
        Assert.True(lease.IsAcquired);
        Assert.Null(whileHeld);
        Assert.NotNull(afterwards);
        Assert.InRange(afterwards!.Value, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
    }

    [FleetFact]
    public async Task Concurrency_MarkedAsServerOverload_RejectionIs530002AndThePermitComesBack()
    {
        // Arrange: one slot shared by two apps; the first request holds it until released.
        var policy = "g" + Guid.NewGuid().ToString("N")[..8];
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        var apps = new List<WebApplication>();
        for (var i = 0; i < 2; i++)
        {
            apps.Add(await StartAsync(
                FleetServers.RedisConnection!,
                o => o.AddPolicy(policy, context => System.Threading.RateLimiting.RateLimitPartition.Get(policy, key =>
                    context.RequestServices.GetRequiredService<RedisRateLimiters>().CreateConcurrency(key, 1))).MarkAsServerOverload(policy),
                policy,
                async () =>
                {
                    entered.TrySetResult();
                    await release.Task;
                }));
        }

        // Act
        var holding = apps[0].GetTestClient().GetAsync("/limited");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var busy = await apps[1].GetTestClient().GetAsync("/limited");
        release.SetResult();
        var held = await holding;
        await Task.Delay(200);
        var after = await apps[1].GetTestClient().GetAsync("/limited");

        // Assert
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, busy.StatusCode);
        Assert.Equal(530002, await CodeAsync(busy));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task FixedWindow_RedisUnreachable_Is500001WithRetryAfterNot530003()
    {
        // Arrange: nothing listens on port 1.
        await using var app = await StartAsync(
            "127.0.0.1:1,connectTimeout=500",
            o => o.AddPolicy("p", context => ApiRateLimitPartition.PartitionByApiKey(context, key =>
                context.RequestServices.GetRequiredService<RedisRateLimiters>().CreateFixedWindow("p:" + key, 5, TimeSpan.FromSeconds(10)))),
            "p");

        // Act
        var response = await app.GetTestClient().GetAsync("/limited");

        // Assert
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(500001, await CodeAsync(response));
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public void CreateFixedWindow_WindowUnderOneSecond_Throws()
    {
        // Arrange
        using var limiters = new RedisRateLimiters(
            Microsoft.Extensions.Options.Options.Create(new RedisRateLimitingOptions { ConnectionString = "127.0.0.1:1" }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisRateLimiters>.Instance);

        // Act + Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => limiters.CreateFixedWindow("p", 1, TimeSpan.FromMilliseconds(500)));
        Assert.Throws<ArgumentOutOfRangeException>(() => limiters.CreateConcurrency("p", 0));
    }

    private static async Task<int> CodeAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("code").GetInt32();
    }

    private static async Task<WebApplication> StartAsync(string redis, Action<RateLimiterOptions> limiter, string policy, Func<Task>? handler = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddApiErrors();
        builder.Services.AddRedisRateLimiting(o =>
        {
            o.ConnectionString = redis;
            o.RetryAfterWhenUnavailable = TimeSpan.FromSeconds(3);
        });
        builder.Services.AddRateLimiter(limiter);
        var app = builder.Build();
        app.UseApiErrors();
        app.UseRateLimiter();
        app.MapGet("/limited", async () =>
        {
            if (handler is not null)
            {
                await handler();
            }

            return Results.Ok(new { code = 0 });
        }).RequireRateLimiting(policy);
        await app.StartAsync();
        return app;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Reliability;

/// <summary>
/// Issue 9, quota exactness: 200 concurrent requests over Kestrel on a balance of 50, mixing success, a throwing
/// handler, 4xx and 5xx results and a result whose serialization throws. Exactly the successes are charged, the
/// balance never goes below zero while they run, and no freeze outlives its request.
/// </summary>
public sealed class QuotaExactnessTests
{
    private const string Key = "sk-exactness-0001";
    private const int Balance = 50;
    private const int Requests = 200;

    [Fact]
    public async Task RequireQuota_200ConcurrentMixedRequestsOnABalanceOf50_SuccessesEqualChargesAndNothingStaysFrozen()
    {
        // Arrange
        await using var app = await ReliabilityApp.StartAsync(
            a =>
            {
                a.Services.GetRequiredService<InMemoryQuotaService>().SetBalance("acct-1", Balance);
                a.UseAuthentication();
                a.MapPost("/ok", async () =>
                {
                    await Task.Delay(Random.Shared.Next(5, 40));
                    return Results.Json(new { done = true });
                }).RequireQuota(1);
                a.MapPost("/throws", async Task<string> () =>
                {
                    await Task.Delay(Random.Shared.Next(5, 40));
                    throw new InvalidOperationException("handler bug");
                }).RequireQuota(1);
                a.MapPost("/client-error", async () =>
                {
                    await Task.Delay(Random.Shared.Next(5, 40));
                    return Results.BadRequest();
                }).RequireQuota(1);
                a.MapPost("/server-error", async () =>
                {
                    await Task.Delay(Random.Shared.Next(5, 40));
                    return Results.StatusCode(503);
                }).RequireQuota(1);
                a.MapPost("/serialization-fails", async () =>
                {
                    await Task.Delay(Random.Shared.Next(5, 40));
                    return Results.Json(new ExplodingPayload());
                }).RequireQuota(1);
            },
            configureServices: services =>
            {
                services.AddSingleton(sp => new CountingQuotaService(sp.GetRequiredService<InMemoryQuotaService>()));
                services.AddSingleton<IQuotaService>(sp => sp.GetRequiredService<CountingQuotaService>());
                services.AddSingleton<IApiKeyStore>(new InMemoryApiKeyStore().Set(Key, "acct-1"));
                services.AddAuthentication(ApiKeyAuthenticationDefaults.AuthenticationScheme).AddApiKeyAuthentication();
            });
        var quota = app.Handle.App.Services.GetRequiredService<InMemoryQuotaService>();
        var counting = app.Handle.App.Services.GetRequiredService<CountingQuotaService>();
        string[] kinds = ["/ok", "/ok", "/ok", "/ok", "/throws", "/client-error", "/server-error", "/serialization-fails"];
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Requests }) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        // Act: sample the balance the whole time the requests run.
        using var sampling = new CancellationTokenSource();
        var lowestAvailable = long.MaxValue;
        var lowestTotal = long.MaxValue;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                lowestAvailable = Math.Min(lowestAvailable, quota.GetAvailable("acct-1"));
                lowestTotal = Math.Min(lowestTotal, quota.GetTotal("acct-1"));
                await Task.Yield();
            }
        });
        using var start = new SemaphoreSlim(0);
        var sends = Enumerable.Range(0, Requests).Select(async i =>
        {
            var path = kinds[i % kinds.Length];
            await start.WaitAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            using var response = await client.SendAsync(request);
            return (path, status: (int)response.StatusCode, body: await response.Content.ReadAsStringAsync());
        }).ToList();
        start.Release(Requests);
        var results = await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(90));
        await Task.Delay(100);
        await sampling.CancelAsync();
        await sampler;

        // Assert: every response is what its kind documents, or the quota refusal.
        var successes = 0;
        var refused = 0;
        foreach (var (path, status, body) in results)
        {
            using var json = JsonDocument.Parse(body);
            if (status == 402)
            {
                Assert.Equal(402000, json.RootElement.GetProperty("code").GetInt32());
                refused++;
                continue;
            }

            var expected = path switch
            {
                "/ok" => 200,
                "/throws" or "/serialization-fails" => 500,
                "/client-error" => 400,
                _ => 503,
            };
            Assert.True(expected == status, $"{path}: expected {expected}, got {status}: {body}");
            if (status == 200)
            {
                successes++;
            }
            else
            {
                Assert.True(json.RootElement.TryGetProperty("code", out _), $"{path}: not an error envelope: {body}");
            }
        }

        Assert.True(refused > 0, "The balance was never exhausted: the run did not test contention.");
        Assert.Equal(successes, counting.Commits);
        Assert.Equal(Balance - successes, quota.GetTotal("acct-1"));
        Assert.Equal(quota.GetTotal("acct-1"), quota.GetAvailable("acct-1"));
        Assert.Equal(counting.Frozen, counting.Commits + counting.Releases);
        Assert.True(lowestAvailable >= 0, $"The available balance went to {lowestAvailable}.");
        Assert.True(lowestTotal >= 0, $"The balance went to {lowestTotal}.");
    }

    /// <summary>A result whose serialization throws (a property getter fails).</summary>
    public sealed class ExplodingPayload
    {
        public string Name => throw new InvalidOperationException("getter bug");
    }
}

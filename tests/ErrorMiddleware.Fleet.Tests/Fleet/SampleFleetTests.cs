using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ErrorMiddleware.Fleet.Tests.Infrastructure;

namespace ErrorMiddleware.Fleet.Tests.Fleet;

/// <summary>
/// Three SampleApi processes behind no load balancer but the test's round robin, sharing PostgreSQL (quota) and Redis
/// (rate limits): the documented errors must hold for the fleet, not per process.
/// </summary>
public sealed class SampleFleetTests(SampleFleetFixture fleet) : IClassFixture<SampleFleetFixture>
{
    [FleetFact]
    public async Task Quota_300ConcurrentRequestsOnThreeInstancesForAnAccountFundedFor50_Exactly50SucceedAndTheBalanceEndsAt0()
    {
        // Arrange
        Assert.Equal(50 * SampleFleetFixture.TaskCost, await fleet.Ledger.GetTotalAsync(fleet.Funded50));

        // Act
        var answers = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => PostTaskAsync(i % 3, fleet.Funded50)));

        // Assert
        Assert.Equal(50, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(250, answers.Count(a => a.Status == HttpStatusCode.PaymentRequired && a.Code == 402000));
        Assert.Equal(0, await fleet.Ledger.GetTotalAsync(fleet.Funded50));
        Assert.Equal(0, await fleet.ScalarAsync($"SELECT frozen FROM {{schema}}.accounts WHERE account_id = '{fleet.Funded50}'"));
        Assert.Equal(50, await fleet.ScalarAsync($"SELECT count(*) FROM {{schema}}.reservations WHERE account_id = '{fleet.Funded50}' AND state = 1"));
    }

    [FleetFact]
    public async Task Quota_InstanceKilledWhileHoldingFreezes_FreezesLapseAfterTheTtlAndTheBalanceIsWhole()
    {
        // Arrange: four slow tasks (30 s each) hold four freezes on instance 2.
        var total = await fleet.Ledger.GetTotalAsync(fleet.Killed);
        var slow = Enumerable.Range(0, 4).Select(_ => PostTaskAsync(2, fleet.Killed, model: "echo-slow")).ToList();
        await WaitUntilAsync(async () => await FrozenAsync(fleet.Killed) == 4 * SampleFleetFixture.TaskCost, TimeSpan.FromSeconds(30), "the four freezes");
        var availableMeanwhile = await fleet.Ledger.GetAvailableAsync(fleet.Killed);

        // Act: kill -9, then wait past the TTL (the survivors' sweep gives the freezes back).
        await fleet.Instances[2].KillAsync();
        await Task.WhenAll(slow.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        await WaitUntilAsync(async () => await FrozenAsync(fleet.Killed) == 0, SampleFleetFixture.ReservationTtl + TimeSpan.FromSeconds(20), "the freezes to lapse");
        var afterwards = await PostTaskAsync(1, fleet.Killed);
        await fleet.RestartAsync(2);

        // Assert
        Assert.Equal(total - (4 * SampleFleetFixture.TaskCost), availableMeanwhile);
        Assert.Equal(HttpStatusCode.OK, afterwards.Status);
        Assert.Equal(total - SampleFleetFixture.TaskCost, await fleet.Ledger.GetTotalAsync(fleet.Killed));
        Assert.Equal(4, await fleet.ScalarAsync($"SELECT count(*) FROM {{schema}}.reservations WHERE account_id = '{fleet.Killed}' AND state = 3"));
        Assert.Equal(1, await fleet.ScalarAsync($"SELECT count(*) FROM {{schema}}.reservations WHERE account_id = '{fleet.Killed}' AND state = 1"));
    }

    [FleetFact]
    public async Task RateLimit_FleetWideLimitOf12PerMinute_Exactly12PassAndTheRestGet130005WithinTheWindow()
    {
        // Act
        var answers = await Task.WhenAll(Enumerable.Range(0, 45).Select(i => SendAsync(i % 3, HttpMethod.Get, "api/v1/tasks", fleet.Limited)));

        // Assert
        var passed = answers.Where(a => a.Status == HttpStatusCode.OK).ToList();
        Assert.Equal(SampleFleetFixture.LimitedPerMinute, passed.Count);
        var rejected = answers.Where(a => a.Status != HttpStatusCode.OK).ToList();
        Assert.Equal(45 - SampleFleetFixture.LimitedPerMinute, rejected.Count);

        // The shared window opened before the first accepted answer arrived: what is left of it when a rejection
        // arrives is at most a minute minus the time since then.
        var windowOpenedBy = passed.Min(a => a.At);
        Assert.All(rejected, a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.Equal(130005, a.Code);
            Assert.NotNull(a.RetryAfter);
            var windowLeft = TimeSpan.FromMinutes(1) - (a.At > windowOpenedBy ? a.At - windowOpenedBy : TimeSpan.Zero);
            Assert.InRange(a.RetryAfter!.Value.TotalSeconds, Math.Floor(windowLeft.TotalSeconds) - 1, Math.Ceiling(windowLeft.TotalSeconds) + 1);
        });
    }

    [FleetFact]
    public async Task GpuSlots_OneSlotHeldByAWarmUpOnOneInstance_OtherInstancesAnswerServerBusyInBothDialects()
    {
        // Arrange: the sample's one GPU slot is fleet-wide (a Redis concurrency limiter); start from a free pool.
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(FleetServers.RedisConnection!))
        {
            await redis.GetDatabase().KeyDeleteAsync("rl:cc:{gpu}");
        }

        // Act: instance 0 warms the GPU up (holds the slot for a minute); instances 1 and 2 want it.
        var warmUp = await SendAsync(0, HttpMethod.Post, "api/v1/gpu/warmup", fleet.Outage);
        var render = await SendAsync(1, HttpMethod.Post, "api/v1/gpu/renders", fleet.Outage);
        using var image = new HttpRequestMessage(HttpMethod.Post, new Uri(fleet.Instances[2].Address, "v1/images/generations"))
        {
            Content = JsonContent.Create(new { prompt = "a cat" }),
        };
        image.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SampleFleetFixture.KeyOf(fleet.Outage));
        using var imageResponse = await fleet.Http.SendAsync(image);
        using var imageBody = JsonDocument.Parse(await imageResponse.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, warmUp.Status);
        Assert.Equal(HttpStatusCode.InternalServerError, render.Status);
        Assert.Equal(530002, render.Code);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, imageResponse.StatusCode);
        Assert.Equal("Service Unavailable", imageBody.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [FleetFact]
    public async Task Outage_PostgreSqlThenRedisStopped_Answer500001WithRetryAfterChargeNothingTwiceAndRecoverWithoutRestart()
    {
        // Arrange
        var before = await fleet.Ledger.GetTotalAsync(fleet.Outage);
        var created = 0;
        for (var i = 0; i < 3; i++)
        {
            created += (await PostTaskAsync(i, fleet.Outage)).Status == HttpStatusCode.OK ? 1 : 0;
        }

        // Act: PostgreSQL down.
        await FleetServers.StopPostgreSqlAsync();
        Answer[] duringDatabaseOutage;
        try
        {
            duringDatabaseOutage = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => PostTaskAsync(i % 3, fleet.Outage)));
        }
        finally
        {
            await FleetServers.StartPostgreSqlAsync();
        }

        var recoveredDatabase = new List<Answer>();
        for (var i = 0; i < 3; i++)
        {
            recoveredDatabase.Add(await RetryUntilAsync(() => PostTaskAsync(i, fleet.Outage), HttpStatusCode.OK));
        }

        // Act: Redis down.
        await FleetServers.StopRedisAsync();
        Answer[] duringRedisOutage;
        try
        {
            duringRedisOutage = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => SendAsync(i % 3, HttpMethod.Get, "api/v1/tasks", fleet.Outage)));
        }
        finally
        {
            await FleetServers.StartRedisAsync();
        }

        var recoveredRedis = new List<Answer>();
        for (var i = 0; i < 3; i++)
        {
            recoveredRedis.Add(await RetryUntilAsync(() => SendAsync(i, HttpMethod.Get, "api/v1/tasks", fleet.Outage), HttpStatusCode.OK));
        }

        // Assert
        Assert.Equal(3, created);
        AssertUnavailable(duringDatabaseOutage);
        AssertUnavailable(duringRedisOutage);
        Assert.All(recoveredDatabase, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(recoveredRedis, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var committed = await fleet.ScalarAsync($"SELECT count(*) FROM {{schema}}.reservations WHERE account_id = '{fleet.Outage}' AND state = 1");
        Assert.Equal(6, committed);
        Assert.Equal(before - (committed * SampleFleetFixture.TaskCost), await fleet.ScalarAsync($"SELECT balance + resource_pack FROM {{schema}}.accounts WHERE account_id = '{fleet.Outage}'"));
    }

    private static void AssertUnavailable(IEnumerable<Answer> answers) => Assert.All(answers, a =>
    {
        Assert.True(a.Status == HttpStatusCode.InternalServerError && a.Code == 500001, $"expected 500 / 500001, got {(int)a.Status} / {a.Code}");
        Assert.NotNull(a.RetryAfter);
        Assert.InRange(a.RetryAfter!.Value.TotalSeconds, 1, 60);
    });

    private async Task<long> FrozenAsync(string account) =>
        await fleet.ScalarAsync($"SELECT frozen FROM {{schema}}.accounts WHERE account_id = '{account}'");

    private Task<Answer> PostTaskAsync(int instance, string account, string model = "echo-1") =>
        SendAsync(instance, HttpMethod.Post, "api/v1/tasks", account, JsonContent.Create(new { model, prompt = "hi" }));

    private async Task<Answer> SendAsync(int instance, HttpMethod method, string path, string account, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(fleet.Instances[instance].Address, path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SampleFleetFixture.KeyOf(account));
        using var response = await fleet.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        int? code = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            code = json.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null;
        }
        catch (JsonException)
        {
            // Not JSON: the code stays unknown and the assertion shows the status.
        }

        return new Answer(response.StatusCode, code, response.Headers.RetryAfter?.Delta, DateTimeOffset.UtcNow);
    }

    /// <summary>Retries until the status is reached (the server just came back); meanwhile only 500001 is acceptable.</summary>
    private static async Task<Answer> RetryUntilAsync(Func<Task<Answer>> send, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        Answer answer;
        do
        {
            answer = await send();
            if (answer.Status == expected)
            {
                return answer;
            }

            Assert.True(answer.Status == HttpStatusCode.InternalServerError && answer.Code == 500001, $"while recovering: {(int)answer.Status} / {answer.Code}");
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        return answer;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private sealed record Answer(HttpStatusCode Status, int? Code, TimeSpan? RetryAfter, DateTimeOffset At);
}

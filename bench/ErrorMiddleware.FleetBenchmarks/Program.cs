using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using ErrorMiddleware;
using ErrorMiddleware.Quota.PostgreSql;
using ErrorMiddleware.RateLimiting.Redis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Fleet measurements, side by side in one run: freeze+commit on InMemoryQuotaService vs PostgreSqlQuotaService, and
// one acquire+release on the framework's in-memory limiters vs the Redis ones. Needs the servers of .ci/fleet-servers.sh:
//   source .ci/fleet-servers.sh && fleet_servers_start && dotnet run -c Release --project bench/ErrorMiddleware.FleetBenchmarks; fleet_servers_stop
var pg = Environment.GetEnvironmentVariable("FLEET_PG_CONNECTION");
var redis = Environment.GetEnvironmentVariable("FLEET_REDIS_CONNECTION");
if (string.IsNullOrEmpty(pg) || string.IsNullOrEmpty(redis))
{
    Console.Error.WriteLine("FLEET_PG_CONNECTION and FLEET_REDIS_CONNECTION are not set: source .ci/fleet-servers.sh && fleet_servers_start first.");
    return 2;
}

const int Sequential = 2000;
const int Concurrent = 16;
const int PerWorker = 250;
var context = new DefaultHttpContext();

var memory = new InMemoryQuotaService();
var schema = "bench_" + Guid.NewGuid().ToString("N")[..8];
await using var ledger = new PostgreSqlQuotaService(
    Options.Create(new PostgreSqlQuotaOptions { ConnectionString = pg + ";Maximum Pool Size=32", SchemaName = schema }),
    NullLogger<PostgreSqlQuotaService>.Instance);
await ledger.EnsureSchemaAsync();
for (var i = 0; i < Concurrent; i++)
{
    memory.SetBalance("acct-" + i, long.MaxValue / 4);
    await ledger.SetBalanceAsync("acct-" + i, long.MaxValue / 4);
}

Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, PostgreSQL and Redis on 127.0.0.1");
Console.WriteLine();
Console.WriteLine("| operation | store | p50 | p99 | throughput |");
Console.WriteLine("|---|---|---:|---:|---:|");
foreach (var (name, service) in new (string, IQuotaService)[] { ("in-memory", memory), ("PostgreSQL", ledger) })
{
    async Task FreezeCommit(string account)
    {
        var result = await service.FreezeAsync(new QuotaFreezeContext { HttpContext = context, AccountId = account, Cost = 1, Action = "bench" }, default);
        await service.CommitAsync(result.Reservation!, default);
    }

    await Report($"freeze+commit, 1 caller", name, Sequential, 1, _ => FreezeCommit("acct-0"));
    await Report($"freeze+commit, {Concurrent} callers, {Concurrent} accounts", name, PerWorker, Concurrent, w => FreezeCommit("acct-" + w));
    await Report($"freeze+commit, {Concurrent} callers, 1 hot account", name, PerWorker, Concurrent, _ => FreezeCommit("acct-0"));
}

using var limiters = new RedisRateLimiters(Options.Create(new RedisRateLimitingOptions { ConnectionString = redis }), NullLogger<RedisRateLimiters>.Instance);
var tag = Guid.NewGuid().ToString("N")[..8];
var limiterCases = new (string Operation, string Store, RateLimiter Limiter)[]
{
    ("fixed window acquire", "in-memory", new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = int.MaxValue, Window = TimeSpan.FromMinutes(1) })),
    ("fixed window acquire", "Redis", limiters.CreateFixedWindow("bench-fw:" + tag, int.MaxValue, TimeSpan.FromMinutes(1))),
    ("concurrency acquire+release", "in-memory", new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1000, QueueLimit = 0 })),
    ("concurrency acquire+release", "Redis", limiters.CreateConcurrency("bench-cc:" + tag, 1000)),
};
foreach (var (operation, store, limiter) in limiterCases)
{
    async Task Acquire()
    {
        using var lease = await limiter.AcquireAsync();
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException("The benchmark's limiter rejected a request.");
        }
    }

    await Report(operation + ", 1 caller", store, Sequential, 1, _ => Acquire());
    await Report(operation + $", {Concurrent} callers", store, PerWorker, Concurrent, _ => Acquire());
}

await using (var connection = new Npgsql.NpgsqlConnection(pg))
{
    await connection.OpenAsync();
    await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
    await drop.ExecuteNonQueryAsync();
}

return 0;

static async Task Report(string operation, string store, int perWorker, int workers, Func<int, Task> op)
{
    for (var i = 0; i < Math.Min(200, perWorker); i++)
    {
        await op(0); // warm-up: pools, JIT, scripts loaded
    }

    var samples = new double[perWorker * workers];
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
    {
        for (var i = 0; i < perWorker; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await op(w);
            samples[(w * perWorker) + i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
    })));
    total.Stop();
    Array.Sort(samples);
    var p50 = samples[samples.Length / 2];
    var p99 = samples[(int)(samples.Length * 0.99)];
    var throughput = samples.Length / total.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {operation} | {store} | {Format(p50)} | {Format(p99)} | {throughput:N0}/s |"));
}

static string Format(double microseconds) =>
    microseconds >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1000:0.00} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{microseconds:0.0} µs");
